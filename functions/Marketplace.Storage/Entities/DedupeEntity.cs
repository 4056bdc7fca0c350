using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage.Entities;

/// <summary>
/// Marks a webhook event or an idempotency key as applied. It is written in the same transaction as the
/// change it guards, so "applied" and "recorded" can never disagree.
/// </summary>
public sealed class DedupeEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long? MessageSequence { get; set; }
    public DateTimeOffset AppliedAt { get; set; }

    /// <summary>The hash of the request that was applied, for keys that keep one (absent on older markers).</summary>
    public string? Fingerprint { get; set; }
}
