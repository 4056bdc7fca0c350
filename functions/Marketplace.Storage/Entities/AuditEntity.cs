using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage.Entities;

/// <summary>One privileged read (admin or marketplace) of a conversation: who, what, when.</summary>
public sealed class AuditEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ReaderRole { get; set; } = "";
    public string ReaderId { get; set; } = "";
    public string Action { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
