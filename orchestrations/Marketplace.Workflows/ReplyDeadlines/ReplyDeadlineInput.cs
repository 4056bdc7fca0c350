namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>One wait for a seller's reply: whose, since when, and the instants that matter.</summary>
/// <param name="FirstUnansweredAt">The earliest unanswered buyer message (follow-ups do not move it).</param>
/// <param name="ClockStartsAt">When the seller's clock starts (later than the message during vacation).</param>
/// <param name="RemindAt">When to remind the seller, earliest first.</param>
/// <param name="GiveUpAt">After a breach, stop waiting for the reply at this instant.</param>
public sealed record ReplyDeadlineInput(
    string ConversationId,
    string Marketplace,
    string SellerId,
    DateTimeOffset FirstUnansweredAt,
    DateTimeOffset ClockStartsAt,
    DateTimeOffset DueAt,
    IReadOnlyList<DateTimeOffset> RemindAt,
    DateTimeOffset GiveUpAt)
{
    /// <summary>Tries of each seller notification before its failure is recorded (the first try included).</summary>
    public int NotificationAttempts { get; init; } = 5;

    /// <summary>Wait before the first retry of a failed notification; each further retry waits twice as long.</summary>
    public TimeSpan NotificationFirstRetry { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>What ends a wait: the seller replied, or marked the message as needing no reply.</summary>
public sealed record DeadlineResolution(DeadlineResolutionKind Kind, DateTimeOffset At);

/// <summary>How a wait ended.</summary>
public enum DeadlineResolutionKind
{
    Replied,
    NoResponseNeeded,
}

/// <summary>The orchestration's result.</summary>
public sealed record ReplyDeadlineOutcome(DeadlineResult Result, DateTimeOffset? RepliedAt, bool Breached);

/// <summary>How a deadline ended.</summary>
public enum DeadlineResult
{
    AnsweredOnTime,
    AnsweredLate,
    NoResponseNeeded,
    Unanswered,
}
