using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage.Entities;

/// <summary>One message row, keyed by its zero-padded sequence.</summary>
public sealed class MessageEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Sequence { get; set; }
    public string AuthorRole { get; set; } = "";
    public string AuthorId { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
    public string? Reason { get; set; }
    public string Source { get; set; } = "";
    public string? ExternalId { get; set; }
    public string AttachmentsJson { get; set; } = "[]";
    public string Status { get; set; } = nameof(Domain.Conversations.MessageStatus.Delivered);
    public string? OriginalText { get; set; }
    public string? ModerationJson { get; set; }

    /// <summary>The template use (template, version, automation) as JSON; null for a message written by hand.</summary>
    public string? SentByJson { get; set; }
}
