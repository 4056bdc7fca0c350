using Marketplace.Domain.Events;

namespace Marketplace.Domain.Conversations;

/// <summary>A conversation as it appears in one party's inbox.</summary>
public sealed record InboxEntry(
    string ConversationId,
    string Marketplace,
    ConversationKind Kind,
    string? OrderId,
    string? ListingId,
    string CounterpartId,
    OrderStatus OrderStatus,
    DateTimeOffset CreatedAt,
    long MessageCount,
    DateTimeOffset? LastMessageAt,
    string? LastMessagePreview,
    int Unread,
    bool AwaitingMyReply,
    DateTimeOffset? AwaitingReplySince);

/// <summary>Which conversations an inbox listing keeps.</summary>
public enum InboxFilter
{
    All,
    AwaitingMyReply,
    Unread,
}
