using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage.Entities;

/// <summary>The header row of a conversation's partition: who, what order, and the message summary.</summary>
public sealed class ConversationHeaderEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Marketplace { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? OrderId { get; set; }
    public string? ListingId { get; set; }
    public string BuyerId { get; set; } = "";
    public string SellerId { get; set; } = "";
    public string BuyerLanguage { get; set; } = "";
    public string OrderStatus { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? OrderCompletedAt { get; set; }
    public DateTimeOffset? OrderPlacedAt { get; set; }
    public string ItemsJson { get; set; } = "[]";

    /// <summary>The order's total as invariant text (Table Storage has no decimal; a double would not keep cents exact).</summary>
    public string? TotalAmount { get; set; }

    public string? TotalCurrency { get; set; }

    /// <summary>The buyer's name from order.created; null on orders without one (and on rows written before it existed).</summary>
    public string? BuyerName { get; set; }

    public string? TrackingNumber { get; set; }
    public string? Carrier { get; set; }
    public DateTimeOffset? ShippedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    public long MessageCount { get; set; }
    public DateTimeOffset? LastMessageAt { get; set; }
    public string? LastMessageAuthor { get; set; }
    public string? LastMessagePreview { get; set; }
    public int UnreadForBuyer { get; set; }
    public int UnreadForSeller { get; set; }
    public long BuyerReadThrough { get; set; }
    public long SellerReadThrough { get; set; }
    public string? AwaitingReplyFrom { get; set; }
    public DateTimeOffset? AwaitingReplySince { get; set; }
    public bool SellerHasWritten { get; set; }
    public string? StartedBy { get; set; }
    public long Version { get; set; }
}
