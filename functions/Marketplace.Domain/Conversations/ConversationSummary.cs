using Marketplace.Domain.Events;

namespace Marketplace.Domain.Conversations;

/// <summary>
/// The header's summary of a conversation's messages, kept in the same transaction as each message so it
/// always agrees with them. <see cref="Version"/> grows with every change; projections copy it to tell
/// a newer summary from an older one.
/// </summary>
public sealed record ConversationSummary(
    long MessageCount,
    DateTimeOffset? LastMessageAt,
    PartyRole? LastMessageAuthor,
    string? LastMessagePreview,
    int UnreadForBuyer,
    int UnreadForSeller,
    long BuyerReadThrough,
    long SellerReadThrough,
    PartyRole? AwaitingReplyFrom,
    DateTimeOffset? AwaitingReplySince,
    bool SellerHasWritten,
    long Version)
{
    /// <summary>Who wrote the conversation's first message (held or blocked ones included); null while it is empty.</summary>
    public PartyRole? StartedBy { get; init; }

    public const int PreviewLength = 120;

    public static ConversationSummary Empty { get; } = new(0, null, null, null, 0, 0, 0, 0, null, null, false, 1);

    /// <summary>The summary after storing a message: it takes the next sequence and may start the conversation.</summary>
    public ConversationSummary WithStoredMessage(PartyRole author) =>
        this with { MessageCount = MessageCount + 1, Version = Version + 1, StartedBy = StartedBy ?? author };

    /// <summary>The summary after a delivered message from <paramref name="author"/> (sequence MessageCount + 1).</summary>
    public ConversationSummary WithMessage(PartyRole author, DateTimeOffset sentAt, string text) =>
        WithStoredMessage(author).WithDelivery(author, MessageCount + 1, sentAt, text);

    /// <summary>The summary after the already-stored message <paramref name="sequence"/> reaches its recipient.</summary>
    public ConversationSummary WithDelivery(PartyRole author, long sequence, DateTimeOffset sentAt, string text)
    {
        var recipient = Other(author);
        // The clock for a reply runs from the earliest unanswered message: follow-ups do not restart it.
        var awaitingSince = AwaitingReplyFrom == recipient ? AwaitingReplySince : sentAt;
        return this with
        {
            LastMessageAt = sentAt,
            LastMessageAuthor = author,
            LastMessagePreview = text.Length <= PreviewLength ? text : text[..PreviewLength],
            // Writing a message means having read the conversation up to it.
            UnreadForBuyer = recipient == PartyRole.Buyer ? UnreadForBuyer + 1 : 0,
            UnreadForSeller = recipient == PartyRole.Seller ? UnreadForSeller + 1 : 0,
            BuyerReadThrough = author == PartyRole.Buyer ? Math.Max(BuyerReadThrough, sequence) : BuyerReadThrough,
            SellerReadThrough = author == PartyRole.Seller ? Math.Max(SellerReadThrough, sequence) : SellerReadThrough,
            AwaitingReplyFrom = recipient,
            AwaitingReplySince = awaitingSince,
            SellerHasWritten = SellerHasWritten || author == PartyRole.Seller,
            Version = Version + 1,
        };
    }

    /// <summary>The summary after <paramref name="reader"/> has read through a sequence, leaving <paramref name="unreadAfter"/> unread.</summary>
    public ConversationSummary WithRead(PartyRole reader, long through, int unreadAfter) => reader == PartyRole.Buyer
        ? this with { BuyerReadThrough = Math.Max(BuyerReadThrough, through), UnreadForBuyer = unreadAfter, Version = Version + 1 }
        : this with { SellerReadThrough = Math.Max(SellerReadThrough, through), UnreadForSeller = unreadAfter, Version = Version + 1 };

    public int UnreadFor(PartyRole role) => role == PartyRole.Buyer ? UnreadForBuyer : UnreadForSeller;

    public long ReadThrough(PartyRole role) => role == PartyRole.Buyer ? BuyerReadThrough : SellerReadThrough;

    public static PartyRole Other(PartyRole role) => role == PartyRole.Buyer ? PartyRole.Seller : PartyRole.Buyer;
}
