namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>A signed webhook to the seller's system: a reminder before the deadline, or the breach.</summary>
public sealed record SellerNotification(ReplyDeadlineInput Deadline, SellerNotificationKind Kind, DateTimeOffset At);

/// <summary>Which notification.</summary>
public enum SellerNotificationKind
{
    Reminder,
    Breached,
}
