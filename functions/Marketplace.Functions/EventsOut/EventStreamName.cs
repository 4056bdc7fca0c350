using System.Diagnostics.CodeAnalysis;
using Marketplace.Domain.Conversations;

namespace Marketplace.Functions.EventsOut;

/// <summary>
/// A sequence of events delivered to a marketplace in order: a conversation's ("conversation:{id}") or a claim's
/// ("claim:{id}"). Ordering is per stream; different streams are delivered independently.
/// </summary>
public readonly record struct EventStreamName(EventStreamKind Kind, string Id)
{
    private const string ConversationPrefix = "conversation:";
    private const string ClaimPrefix = "claim:";

    public static EventStreamName Conversation(string conversationId) => new(EventStreamKind.Conversation, conversationId);

    public static EventStreamName Claim(string claimId) => new(EventStreamKind.Claim, claimId);

    /// <summary>The stream's name, as the delivery table and the admin API write it.</summary>
    public override string ToString() => (Kind == EventStreamKind.Conversation ? ConversationPrefix : ClaimPrefix) + Id;

    public static bool TryParse([NotNullWhen(true)] string? name, out EventStreamName stream)
    {
        stream = default;
        if (name is null)
        {
            return false;
        }

        if (name.StartsWith(ConversationPrefix, StringComparison.Ordinal) && name.Length > ConversationPrefix.Length)
        {
            stream = Conversation(name[ConversationPrefix.Length..]);
            return stream.Id.Split('~').All(Identifiers.IsValid);
        }

        if (name.StartsWith(ClaimPrefix, StringComparison.Ordinal) && name.Length > ClaimPrefix.Length)
        {
            stream = Claim(name[ClaimPrefix.Length..]);
            return Identifiers.IsValid(stream.Id);
        }

        return false;
    }
}

public enum EventStreamKind
{
    Conversation,
    Claim,
}
