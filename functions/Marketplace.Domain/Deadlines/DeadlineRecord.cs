namespace Marketplace.Domain.Deadlines;

/// <summary>One reply deadline's facts, as the metrics need them.</summary>
/// <param name="ClockStartedAt">When the seller's clock started (after any vacation).</param>
/// <param name="RepliedAt">When the seller answered; null while unanswered.</param>
/// <param name="NoResponseNeeded">The seller marked the message as needing no reply: it leaves the metric.</param>
public sealed record DeadlineRecord(
    string ConversationId, DateTimeOffset ClockStartedAt, DateTimeOffset DueAt, DateTimeOffset? RepliedAt, bool NoResponseNeeded);
