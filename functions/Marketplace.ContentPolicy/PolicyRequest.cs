namespace Marketplace.ContentPolicy;

/// <summary>One message to check, with the conversation facts the seller rules need.</summary>
/// <param name="Profile">Marketplace profile name (amazon, mercadolibre, allegro, ebay, generic or a configured one).</param>
/// <param name="Author">Who wrote the message.</param>
/// <param name="Text">The message text as the author wrote it.</param>
/// <param name="Now">The current time (from the caller's <see cref="TimeProvider"/>), for the messaging window.</param>
public sealed record PolicyRequest(string Profile, AuthorRole Author, string Text, DateTimeOffset Now)
{
    /// <summary>True when this message opens the conversation (no earlier message exists).</summary>
    public bool StartsConversation { get; init; }

    /// <summary>Who opened the conversation; ignored when <see cref="StartsConversation"/> is true.</summary>
    public AuthorRole? ConversationStartedBy { get; init; }

    /// <summary>The reason code a seller chose (see <see cref="SellerMessageReasons"/>); needed when a seller starts a conversation.</summary>
    public string? SellerReason { get; init; }

    /// <summary>When the order was completed (delivered); null while it is not.</summary>
    public DateTimeOffset? OrderCompletedAt { get; init; }

    /// <summary>The buyer opted out of unsolicited seller messages.</summary>
    public bool BuyerOptedOut { get; init; }

    /// <summary>A seller message in a conversation the seller started (or is starting): the seller rules apply to it.</summary>
    public bool IsProactiveSellerMessage =>
        Author == AuthorRole.Seller && (StartsConversation || ConversationStartedBy == AuthorRole.Seller);
}
