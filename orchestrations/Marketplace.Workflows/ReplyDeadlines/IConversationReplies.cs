namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>Reads, from the conversation itself, whether the wait a deadline tracks has ended.</summary>
public interface IConversationReplies
{
    /// <summary>
    /// How the wait that began at <paramref name="firstUnansweredAt"/> ended (the seller's first reply after it, or
    /// "no response needed"); null while the conversation still waits for the seller since that instant.
    /// </summary>
    Task<DeadlineResolution?> FindResolutionAsync(string conversationId, DateTimeOffset firstUnansweredAt, CancellationToken cancellationToken);
}
