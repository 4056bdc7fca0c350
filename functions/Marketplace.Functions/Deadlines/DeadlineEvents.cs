using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.Functions.EventsOut;
using Marketplace.Storage;
using Marketplace.Storage.Outbox;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Functions.Deadlines;

/// <summary>
/// Tells the marketplace what happens to a seller's reply deadline (opened, reminded, breached, answered, given up), as
/// events in the conversation's stream, so they arrive in order with its messages. Recorded once per update: the activity
/// that records an update may run again (a retry, a crash), and its dedupe marker keeps the second run from repeating it.
/// </summary>
internal sealed class DeadlineEvents(ConversationStore conversations, MarketplaceSubscriptions subscriptions, MarketplaceEventOutbox outbox)
{
    public const string Opened = "deadline.opened";
    public const string Reminder = "deadline.reminder";
    public const string Breached = "deadline.breached";
    public const string Answered = "deadline.answered";
    public const string GaveUp = "deadline.given_up";

    public async Task RecordAsync(DeadlineUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var d = update.Deadline;
        // Unlike a message's event, which rides in the message's own transaction, this costs a transaction of its own: only
        // for a marketplace that takes events (events from before a subscription are not sent anyway).
        if (TypeOf(update) is not { } type || await subscriptions.GetAsync(d.Marketplace, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"deadline-{d.FirstUnansweredAt.UtcTicks}-{update.Kind}-{update.At.UtcTicks}");
        await conversations.RecordEventAsync(d.ConversationId, Deduplication.ForEvent(key), conversation =>
            ConversationEventData.Build(type, update.At, conversation, new JsonObject
            {
                ["sellerId"] = d.SellerId,
                ["firstUnansweredAt"] = d.FirstUnansweredAt,
                ["dueAt"] = d.DueAt,
                ["repliedAt"] = update.RepliedAt,
                ["late"] = update.Kind == DeadlineUpdateKind.Answered ? update.RepliedAt > d.DueAt : null,
                // A reminder is the marketplace's news whether or not the seller's own webhook took it (never why it failed:
                // that is between us and the seller).
                ["sellerNotified"] = type == Reminder ? update.Kind == DeadlineUpdateKind.NotificationSent : null,
            }), cancellationToken).ConfigureAwait(false);
        await outbox.DeliverAsync(d.Marketplace, EventStreamName.Conversation(d.ConversationId), cancellationToken).ConfigureAwait(false);
    }

    // A reminder is news once sent or given up on; the breach notification's outcome adds nothing to the breach itself, and
    // "no response needed" is the conversation's own event (conversation.reply_not_needed).
    private static string? TypeOf(DeadlineUpdate update) => update.Kind switch
    {
        DeadlineUpdateKind.Opened => Opened,
        DeadlineUpdateKind.NotificationSent or DeadlineUpdateKind.NotificationFailed
            when update.Detail?.StartsWith(nameof(SellerNotificationKind.Reminder), StringComparison.Ordinal) == true => Reminder,
        DeadlineUpdateKind.Breached => Breached,
        DeadlineUpdateKind.Answered => Answered,
        DeadlineUpdateKind.GaveUp => GaveUp,
        _ => null,
    };
}
