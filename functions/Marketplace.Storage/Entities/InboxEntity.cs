using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage.Entities;

/// <summary>
/// A conversation as one party's inbox shows it. Partition: the party; row key: newest conversation first,
/// fixed at creation, so a row never moves and cursor paging never skips or repeats.
/// </summary>
public sealed class InboxEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ConversationId { get; set; } = "";
    public string Marketplace { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? OrderId { get; set; }
    public string? ListingId { get; set; }
    public string CounterpartId { get; set; } = "";
    public string OrderStatus { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public long MessageCount { get; set; }
    public DateTimeOffset? LastMessageAt { get; set; }
    public string? LastMessagePreview { get; set; }
    public int Unread { get; set; }
    public bool AwaitingMyReply { get; set; }
    public DateTimeOffset? AwaitingReplySince { get; set; }
    public long HeaderVersion { get; set; }

    public static string PartitionFor(string role, string marketplace, string partyId) => $"{role}~{marketplace}~{partyId}";

    public static string RowKeyFor(DateTimeOffset createdAt, string conversationId) =>
        (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "~" + conversationId;

    /// <summary>Whether <paramref name="key"/> has the shape of <see cref="RowKeyFor"/>: 19 digits, '~', a conversation id.</summary>
    public static bool IsRowKey(string key) =>
        key.Length > 20 && key[19] == '~' && RowKeys.IsPaddedNumber(key.AsSpan(0, 19), 19) && RowKeys.IsConversationId(key.AsSpan(20));
}
