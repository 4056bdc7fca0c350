using Marketplace.Domain.Events;

namespace Marketplace.Domain.Conversations;

/// <summary>A buyer–seller conversation about an order, or a buyer's pre-sale questions about a listing.</summary>
public sealed record Conversation(
    string Id,
    string Marketplace,
    ConversationKind Kind,
    string? OrderId,
    string? ListingId,
    string BuyerId,
    string SellerId,
    string BuyerLanguage,
    OrderStatus OrderStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset? OrderCompletedAt,
    IReadOnlyList<OrderItem> Items,
    ConversationSummary Summary)
{
    /// <summary>When the order was placed (null for a pre-sale question thread): vacation mode keys on it.</summary>
    public DateTimeOffset? OrderPlacedAt { get; init; }

    /// <summary>What the buyer paid, if the marketplace said (order.created's "total"): claims refund at most this.</summary>
    public OrderTotal? Total { get; init; }

    /// <summary>Shipping facts from order.shipped / order.delivered (null before): templates fill tracking placeholders from it.</summary>
    public OrderShipment? Shipment { get; init; }

    /// <summary>The buyer's name from order.created (optional; null on older orders): templates fill {buyerName} from it. Personal data: never logged.</summary>
    public string? BuyerName { get; init; }

    public string PartyId(PartyRole role) => role == PartyRole.Buyer ? BuyerId : SellerId;

    /// <summary>The caller's role in this conversation, or null if they are not a party to it.</summary>
    public PartyRole? RoleOf(PartyRole claimedRole, string partyId) =>
        PartyId(claimedRole) == partyId ? claimedRole : null;
}

/// <summary>Whether a conversation is about an order, is a pre-sale question thread, or is the thread of a post-sale claim.</summary>
public enum ConversationKind
{
    Order,
    Question,
    Claim,
}
