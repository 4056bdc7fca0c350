using Marketplace.Domain.Deadlines;

namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>
/// Turns a wait for the seller into the orchestration's input: when the clock starts (vacation mode), when the
/// reply is due (the marketplace's calendar), when to remind, and when to stop waiting after a breach.
/// </summary>
public static class ReplyDeadlinePlan
{
    /// <param name="firstUnansweredAt">The earliest unanswered buyer message (follow-ups do not move it).</param>
    /// <param name="orderPlacedAt">When the order was placed; null for a pre-sale question.</param>
    public static ReplyDeadlineInput For(
        string conversationId, string marketplace, string sellerId, DateTimeOffset firstUnansweredAt, DateTimeOffset? orderPlacedAt,
        IEnumerable<VacationPeriod> vacations, ReplyDeadlineProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var clockStarts = ReplyClock.StartsAt(firstUnansweredAt, orderPlacedAt, vacations);
        var due = ReplyCalendar.DueAt(clockStarts, profile);
        return new ReplyDeadlineInput(
            conversationId, marketplace, sellerId, firstUnansweredAt, clockStarts, due,
            [.. profile.ReminderOffsets.Select(offset => due - offset).Where(t => t > clockStarts).Order()],
            due + profile.KeepWaitingAfterBreach);
    }
}
