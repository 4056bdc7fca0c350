using Microsoft.DurableTask;

namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>
/// A seller's reply deadline: the reply (an external event) races the reminder timers and the deadline
/// timer; after a breach it keeps waiting, up to a limit, so the real response time is known. Before it
/// reminds, records a breach or gives up, it checks the conversation itself, so a reply whose event was
/// lost (a crash between the reply's commit and the raise) still closes the deadline at the reply's time.
/// </summary>
public sealed class ReplyDeadlineOrchestrator : TaskOrchestrator<ReplyDeadlineInput, ReplyDeadlineOutcome>
{
    /// <summary>The event that ends the wait (payload: <see cref="DeadlineResolution"/>).</summary>
    public const string ResolvedEvent = "DeadlineResolved";

    public static string InstanceIdFor(string conversationId, DateTimeOffset firstUnansweredAt) =>
        $"reply-deadline~{conversationId}~{firstUnansweredAt.UtcTicks}";

    public override async Task<ReplyDeadlineOutcome> RunAsync(TaskOrchestrationContext context, ReplyDeadlineInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        // One waiter for the whole orchestration: an event raised before we reach it is buffered.
        var resolved = context.WaitForExternalEvent<DeadlineResolution>(ResolvedEvent);
        await RecordAsync(context, input, DeadlineUpdateKind.Opened, input.ClockStartsAt).ConfigureAwait(true);
        context.SetCustomStatus(new { state = "open", dueAt = input.DueAt });

        foreach (var remindAt in input.RemindAt.Where(t => t > input.ClockStartsAt && t < input.DueAt))
        {
            if (await ResolvedBeforeAsync(context, resolved, remindAt).ConfigureAwait(true))
            {
                return await CloseAsync(context, input, resolved.Result, breached: false).ConfigureAwait(true);
            }

            if (await CheckConversationAsync(context, input).ConfigureAwait(true) is { } missed)
            {
                return await CloseAsync(context, input, missed, breached: false).ConfigureAwait(true);
            }

            await NotifyAsync(context, input, SellerNotificationKind.Reminder, remindAt).ConfigureAwait(true);
        }

        if (await ResolvedBeforeAsync(context, resolved, input.DueAt).ConfigureAwait(true))
        {
            return await CloseAsync(context, input, resolved.Result, breached: false).ConfigureAwait(true);
        }

        if (await CheckConversationAsync(context, input).ConfigureAwait(true) is { } missedBeforeDue)
        {
            return await CloseAsync(context, input, missedBeforeDue, breached: false).ConfigureAwait(true);
        }

        await RecordAsync(context, input, DeadlineUpdateKind.Breached, input.DueAt).ConfigureAwait(true);
        context.SetCustomStatus(new { state = "breached", dueAt = input.DueAt });
        await NotifyAsync(context, input, SellerNotificationKind.Breached, input.DueAt).ConfigureAwait(true);

        if (await ResolvedBeforeAsync(context, resolved, input.GiveUpAt).ConfigureAwait(true))
        {
            return await CloseAsync(context, input, resolved.Result, breached: true).ConfigureAwait(true);
        }

        if (await CheckConversationAsync(context, input).ConfigureAwait(true) is { } missedAfterBreach)
        {
            return await CloseAsync(context, input, missedAfterBreach, breached: true).ConfigureAwait(true);
        }

        await RecordAsync(context, input, DeadlineUpdateKind.GaveUp, input.GiveUpAt).ConfigureAwait(true);
        context.SetCustomStatus(new { state = "unanswered", dueAt = input.DueAt });
        return new ReplyDeadlineOutcome(DeadlineResult.Unanswered, null, Breached: true);
    }

    // True if the wait ended before 'until'; the timer is cancelled so it leaves nothing pending. A durable timer can
    // fire a little early (Azure Storage queues count whole seconds): until the orchestration's clock has reached
    // 'until', wait again, so nothing is recorded or sent before its time.
    private static async Task<bool> ResolvedBeforeAsync(TaskOrchestrationContext context, Task<DeadlineResolution> resolved, DateTimeOffset until)
    {
        while (!resolved.IsCompleted && context.CurrentUtcDateTime < until.UtcDateTime)
        {
            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(until.UtcDateTime, cancel.Token);
            if (await Task.WhenAny(resolved, timer).ConfigureAwait(true) == resolved)
            {
                // Cancel(), not CancelAsync(): the latter would continue on the thread pool, outside the orchestration.
#pragma warning disable CA1849
                cancel.Cancel();
#pragma warning restore CA1849
            }
        }

        return resolved.IsCompleted;
    }

    private static async Task<ReplyDeadlineOutcome> CloseAsync(
        TaskOrchestrationContext context, ReplyDeadlineInput input, DeadlineResolution resolution, bool breached)
    {
        if (resolution.Kind == DeadlineResolutionKind.NoResponseNeeded)
        {
            await RecordAsync(context, input, DeadlineUpdateKind.NoResponseNeeded, resolution.At).ConfigureAwait(true);
            context.SetCustomStatus(new { state = "no_response_needed", dueAt = input.DueAt });
            return new ReplyDeadlineOutcome(DeadlineResult.NoResponseNeeded, null, breached);
        }

        var late = resolution.At > input.DueAt;
        await context.CallActivityAsync(nameof(RecordDeadlineActivity),
            new DeadlineUpdate(input, DeadlineUpdateKind.Answered, resolution.At) { RepliedAt = resolution.At }, StorageStepRetries.Options).ConfigureAwait(true);
        context.SetCustomStatus(new { state = late ? "answered_late" : "answered", dueAt = input.DueAt });
        return new ReplyDeadlineOutcome(late ? DeadlineResult.AnsweredLate : DeadlineResult.AnsweredOnTime, resolution.At, breached || late);
    }

    // A notification that still fails after its retries is recorded on the deadline, never dropped silently.
    private static async Task NotifyAsync(TaskOrchestrationContext context, ReplyDeadlineInput input, SellerNotificationKind kind, DateTimeOffset scheduledFor)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var retries = TaskOptions.FromRetryPolicy(new RetryPolicy(
            input.NotificationAttempts, input.NotificationFirstRetry, backoffCoefficient: 2));
        // From what the notification is (instance, kind, the time it was scheduled for), never from when it runs: a crash after
        // the engine queued the activity but before it saved the orchestration's history runs this step again, later.
        var idempotencyKey = $"{context.InstanceId}~{kind}~{scheduledFor.UtcTicks}";
        try
        {
            var result = await context.CallActivityAsync<NotificationResult>(
                nameof(NotifySellerActivity), new SellerNotification(input, kind, now, idempotencyKey), retries).ConfigureAwait(true);
            await context.CallActivityAsync(nameof(RecordDeadlineActivity), result == NotificationResult.Delivered
                ? new DeadlineUpdate(input, DeadlineUpdateKind.NotificationSent, now, kind.ToString())
                : new DeadlineUpdate(input, DeadlineUpdateKind.NotificationFailed, now, $"{kind}: the seller has no reminder webhook configured."),
                StorageStepRetries.Options)
                .ConfigureAwait(true);
        }
        catch (TaskFailedException ex)
        {
            await context.CallActivityAsync(nameof(RecordDeadlineActivity),
                new DeadlineUpdate(input, DeadlineUpdateKind.NotificationFailed, now, $"{kind}: {ex.FailureDetails?.ErrorMessage ?? ex.Message}"),
                StorageStepRetries.Options)
                .ConfigureAwait(true);
        }
    }

    private static Task<DeadlineResolution?> CheckConversationAsync(TaskOrchestrationContext context, ReplyDeadlineInput input) =>
        context.CallActivityAsync<DeadlineResolution?>(nameof(CheckReplyActivity), new ReplyCheck(input.ConversationId, input.FirstUnansweredAt), StorageStepRetries.Options);

    private static Task RecordAsync(TaskOrchestrationContext context, ReplyDeadlineInput input, DeadlineUpdateKind kind, DateTimeOffset at) =>
        context.CallActivityAsync(nameof(RecordDeadlineActivity), new DeadlineUpdate(input, kind, at), StorageStepRetries.Options);
}
