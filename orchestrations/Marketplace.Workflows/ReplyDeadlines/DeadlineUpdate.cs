namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>A change to a deadline's record, written by <see cref="RecordDeadlineActivity"/> (idempotently).</summary>
public sealed record DeadlineUpdate(ReplyDeadlineInput Deadline, DeadlineUpdateKind Kind, DateTimeOffset At, string? Detail = null)
{
    public DateTimeOffset? RepliedAt { get; init; }
}

/// <summary>What happened to a deadline.</summary>
public enum DeadlineUpdateKind
{
    Opened,
    NotificationSent,
    NotificationFailed,
    Breached,
    Answered,
    NoResponseNeeded,
    GaveUp,
}
