using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage.Entities;

/// <summary>An uploaded attachment's metadata; <see cref="MessageSequence"/> is set when a message takes it.</summary>
public sealed class AttachmentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string AttachmentId { get; set; } = "";
    public string UploaderRole { get; set; } = "";
    public string UploaderId { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Kind { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public long? MessageSequence { get; set; }
}
