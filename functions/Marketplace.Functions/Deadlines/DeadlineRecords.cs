using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Functions.Deadlines;

/// <summary>The workflow's deadline records, kept in the <see cref="ReplyDeadlineStore"/> table.</summary>
internal sealed class DeadlineRecords(ReplyDeadlineStore store, DeadlineEvents events) : IDeadlineRecords
{
    public async Task ApplyAsync(DeadlineUpdate update, CancellationToken cancellationToken)
    {
        await SetAsync(update, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(update, cancellationToken).ConfigureAwait(false);
    }

    private Task SetAsync(DeadlineUpdate update, CancellationToken cancellationToken)
    {
        var d = update.Deadline;
        if (update.Kind == DeadlineUpdateKind.Opened)
        {
            return store.OpenAsync(d.Marketplace, d.SellerId, d.ConversationId, d.FirstUnansweredAt, d.ClockStartsAt, d.DueAt, cancellationToken);
        }

        IReadOnlyDictionary<string, object?> changes = update.Kind switch
        {
            DeadlineUpdateKind.NotificationSent => new Dictionary<string, object?> { ["LastNotificationAt"] = update.At, ["LastNotification"] = update.Detail },
            DeadlineUpdateKind.NotificationFailed => new Dictionary<string, object?> { ["LastNotificationFailedAt"] = update.At, ["LastNotificationError"] = update.Detail },
            DeadlineUpdateKind.Breached => new Dictionary<string, object?> { ["Breached"] = true, ["BreachedAt"] = update.At },
            DeadlineUpdateKind.Answered => new Dictionary<string, object?> { ["Status"] = nameof(DeadlineStatus.Answered), ["RepliedAt"] = update.RepliedAt },
            DeadlineUpdateKind.NoResponseNeeded => new Dictionary<string, object?> { ["Status"] = nameof(DeadlineStatus.NoResponseNeeded), ["ClosedAt"] = update.At },
            _ => new Dictionary<string, object?> { ["Status"] = nameof(DeadlineStatus.Unanswered), ["ClosedAt"] = update.At },
        };
        return store.SetAsync(d.Marketplace, d.SellerId, d.ConversationId, d.FirstUnansweredAt, changes, cancellationToken);
    }
}
