using System.Buffers;

namespace Marketplace.Domain.Conversations;

/// <summary>
/// Rules for the identifiers the outside world hands us (order, listing, party, event ids) and the
/// conversation ids derived from them (joined with ~, which ids cannot contain, so two never collide).
/// Ids become Table keys, so they are limited to characters
/// Azure Tables accepts in keys and that need no escaping in URLs.
/// </summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:");

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(s_allowed);

    public const string Rule = "1-64 characters: letters, digits, '-', '_', '.', ':'";

    /// <summary>The conversation about an order: one per order (the order has one buyer and one seller).</summary>
    public static string OrderConversationId(string marketplace, string orderId) => $"{marketplace}~o~{orderId}";

    /// <summary>The pre-sale conversation: one per listing and buyer.</summary>
    public static string QuestionConversationId(string marketplace, string listingId, string buyerId) =>
        $"{marketplace}~q~{listingId}~{buyerId}";
}
