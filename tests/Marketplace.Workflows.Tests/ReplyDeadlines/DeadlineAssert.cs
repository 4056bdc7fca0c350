using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>Checks that hold for every deadline, whatever happened to it.</summary>
internal static class DeadlineAssert
{
    /// <summary>
    /// Nothing was sent or recorded before its time, by the wall clock: each reminder at or after its instant, the
    /// breach (recorded at exactly the due time) and its webhook at or after the due time, giving up at or after its instant.
    /// </summary>
    public static void NothingBeforeItsTime(ReplyDeadlineInput input, IEnumerable<RecordedUpdate> updates, IEnumerable<Delivery> deliveries)
    {
        var reminders = 0;
        foreach (var (update, recordedAt) in updates.Where(u => IsFor(input, u.Update.Deadline)))
        {
            switch (update.Kind)
            {
                case DeadlineUpdateKind.NotificationSent or DeadlineUpdateKind.NotificationFailed:
                    var dueAt = update.Detail!.StartsWith(nameof(SellerNotificationKind.Reminder), StringComparison.Ordinal)
                        ? input.RemindAt[reminders++] : input.DueAt;
                    Assert.InRange(update.At, dueAt, DateTimeOffset.MaxValue);
                    Assert.InRange(recordedAt, dueAt, DateTimeOffset.MaxValue);
                    break;
                case DeadlineUpdateKind.Breached:
                    Assert.Equal(input.DueAt, update.At);
                    Assert.InRange(recordedAt, input.DueAt, DateTimeOffset.MaxValue);
                    break;
                case DeadlineUpdateKind.GaveUp:
                    Assert.Equal(input.GiveUpAt, update.At);
                    Assert.InRange(recordedAt, input.GiveUpAt, DateTimeOffset.MaxValue);
                    break;
            }
        }

        // Retries of one notification share its idempotency key: the n-th key of reminders is the n-th reminder.
        var mine = deliveries.Where(d => d.Body.ConversationId == input.ConversationId && d.Body.FirstUnansweredAt == input.FirstUnansweredAt).ToList();
        var reminderKeys = mine.Where(d => d.Body.Type == "reply_deadline.reminder").Select(d => d.IdempotencyKey).Distinct().ToList();
        foreach (var delivery in mine)
        {
            Assert.Equal(delivery.Body.Id, delivery.IdempotencyKey);
            Assert.Equal(input.DueAt, delivery.Body.DueAt);
            var dueAt = delivery.Body.Type == "reply_deadline.reminder" ? input.RemindAt[reminderKeys.IndexOf(delivery.IdempotencyKey)] : input.DueAt;
            Assert.InRange(delivery.Body.SentAt, dueAt, DateTimeOffset.MaxValue);
            Assert.InRange(delivery.ReceivedAt, dueAt, DateTimeOffset.MaxValue);
        }
    }

    // The deadline as the activities received it is a copy (its reminder list is another instance): compare its identity.
    private static bool IsFor(ReplyDeadlineInput input, ReplyDeadlineInput deadline) =>
        deadline.ConversationId == input.ConversationId && deadline.FirstUnansweredAt == input.FirstUnansweredAt;
}
