namespace Marketplace.Domain.Events;

/// <summary>An event a marketplace posted to us, parsed and validated. Its id is unique per marketplace.</summary>
public abstract record MarketplaceEvent(string Marketplace, string EventId, DateTimeOffset OccurredAt);

/// <summary>An order was placed: its buyer and seller may now converse about it.</summary>
public sealed record OrderCreated(
    string Marketplace, string EventId, DateTimeOffset OccurredAt,
    string OrderId, string BuyerId, string SellerId, IReadOnlyList<OrderItem> Items, string BuyerLanguage, DateTimeOffset PlacedAt)
    : MarketplaceEvent(Marketplace, EventId, OccurredAt)
{
    /// <summary>What the buyer paid, when the marketplace says: the ceiling of any refund on a claim.</summary>
    public OrderTotal? Total { get; init; }

    /// <summary>The buyer's name as the marketplace shows it to the seller (optional "buyerName"): fills a template's {buyerName}. Personal data: never logged.</summary>
    public string? BuyerName { get; init; }
}

/// <summary>
/// The marketplace opened a claim for its buyer (e.g. a claim filed in the marketplace's own app). Its id is the
/// marketplace's: delivered again, it is the same claim.
/// </summary>
public sealed record ClaimOpened(
    string Marketplace, string EventId, DateTimeOffset OccurredAt,
    string ClaimId, string OrderId, string BuyerId, Claims.ClaimReason Reason, Claims.DesiredResolution Desired, string? Description,
    DateTimeOffset OpenedAt)
    : MarketplaceEvent(Marketplace, EventId, OccurredAt)
{
    /// <summary>The order's total, when the marketplace sends it with the claim (used when the order did not carry one).</summary>
    public OrderTotal? Total { get; init; }
}

/// <summary>The item a claim's buyer sent back reached the seller (the carrier says so): a refund waiting for it may be paid.</summary>
public sealed record ReturnDelivered(
    string Marketplace, string EventId, DateTimeOffset OccurredAt, string ClaimId, string? TrackingNumber, DateTimeOffset DeliveredAt)
    : MarketplaceEvent(Marketplace, EventId, OccurredAt);

/// <summary>An order's total: an amount with at most two decimals, and its ISO 4217 currency code.</summary>
public sealed record OrderTotal(decimal Amount, string Currency);

/// <summary>One line of an order.</summary>
public sealed record OrderItem(string Sku, string Title, int Quantity);

/// <summary>An order moved on: shipped, delivered or completed.</summary>
public sealed record OrderStatusChanged(
    string Marketplace, string EventId, DateTimeOffset OccurredAt, string OrderId, OrderStatus Status, string? TrackingNumber)
    : MarketplaceEvent(Marketplace, EventId, OccurredAt)
{
    /// <summary>The carrier's name, when order.shipped says (optional "carrier").</summary>
    public string? Carrier { get; init; }
}

/// <summary>A buyer or seller message the marketplace relays (for example one sent by email or in its app).</summary>
public sealed record MessageReceived(
    string Marketplace, string EventId, DateTimeOffset OccurredAt,
    string OrderId, string MessageId, PartyRole AuthorRole, string AuthorId, string Text, DateTimeOffset SentAt,
    IReadOnlyList<AttachmentReference> Attachments)
    : MarketplaceEvent(Marketplace, EventId, OccurredAt);

/// <summary>An attachment the marketplace keeps and refers to by URL; we record it, we do not fetch it.</summary>
public sealed record AttachmentReference(string FileName, string ContentType, long SizeBytes, Uri Url);

/// <summary>A buyer asked a seller a pre-sale question about a listing.</summary>
public sealed record QuestionAsked(
    string Marketplace, string EventId, DateTimeOffset OccurredAt,
    string QuestionId, string ListingId, string BuyerId, string SellerId, string Text, string BuyerLanguage, DateTimeOffset AskedAt)
    : MarketplaceEvent(Marketplace, EventId, OccurredAt);

/// <summary>Where an order is in its life.</summary>
public enum OrderStatus
{
    Placed,
    Shipped,
    Delivered,
    Completed,
}

/// <summary>The two parties of a conversation.</summary>
public enum PartyRole
{
    Buyer,
    Seller,
}
