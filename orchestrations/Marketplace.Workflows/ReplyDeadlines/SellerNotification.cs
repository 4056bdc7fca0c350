namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>
/// A signed webhook to the seller's system: a reminder before the deadline, or the breach. <paramref name="IdempotencyKey"/>
/// is sent as the Idempotency-Key header and as the body's id: the same for every retry of this one notification.
/// </summary>
public sealed record SellerNotification(ReplyDeadlineInput Deadline, SellerNotificationKind Kind, DateTimeOffset At, string IdempotencyKey);

/// <summary>Which notification.</summary>
public enum SellerNotificationKind
{
    Reminder,
    Breached,
}
