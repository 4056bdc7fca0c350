using Microsoft.DurableTask;

namespace Marketplace.Workflows.Claims;

/// <summary>
/// A claim's resolution window (72 hours by default): reminds the seller at the configured times while the claim waits for
/// them, and at the end moves it to mediation unless the parties settled or escalated it first. The app raises
/// <see cref="SettledEvent"/> when the claim leaves the states the window governs, which ends the wait early.
/// </summary>
public sealed class ClaimWindowOrchestrator : TaskOrchestrator<ClaimWindowInput, ClaimWindowOutcome>
{
    public const string SettledEvent = "ClaimSettled";

    public static string InstanceIdFor(string claimId) => $"claim-window~{claimId}";

    public override async Task<ClaimWindowOutcome> RunAsync(TaskOrchestrationContext context, ClaimWindowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settled = context.WaitForExternalEvent<bool>(SettledEvent);
        context.SetCustomStatus(new { state = "open", dueAt = input.DueAt });
        foreach (var remindAt in input.RemindAt.Where(t => t < input.DueAt).Order())
        {
            if (await SettledBeforeAsync(context, settled, remindAt).ConfigureAwait(true))
            {
                return ClaimWindowOutcome.SettledInTime;
            }

            // The event may be lost (a crash between the claim's commit and the raise): the claim itself is the truth.
            if (!await context.CallActivityAsync<bool>(nameof(ClaimAwaitingSellerActivity), input.ClaimId, StorageStepRetries.Options).ConfigureAwait(true))
            {
                return ClaimWindowOutcome.SettledInTime;
            }

            await RemindAsync(context, input, remindAt).ConfigureAwait(true);
        }

        if (await SettledBeforeAsync(context, settled, input.DueAt).ConfigureAwait(true))
        {
            return ClaimWindowOutcome.SettledInTime;
        }

        var expired = await context.CallActivityAsync<bool>(nameof(ExpireClaimActivity), input.ClaimId, StorageStepRetries.Options).ConfigureAwait(true);
        context.SetCustomStatus(new { state = expired ? "expired" : "settled", dueAt = input.DueAt });
        return expired ? ClaimWindowOutcome.ExpiredToMediation : ClaimWindowOutcome.SettledInTime;
    }

    // A timer on Azure Storage may fire up to a second early: wait again until the orchestration's own clock is there.
    private static async Task<bool> SettledBeforeAsync(TaskOrchestrationContext context, Task<bool> settled, DateTimeOffset until)
    {
        while (!settled.IsCompleted && context.CurrentUtcDateTime < until.UtcDateTime)
        {
            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(until.UtcDateTime, cancel.Token);
            if (await Task.WhenAny(settled, timer).ConfigureAwait(true) == settled)
            {
                // Cancel(), not CancelAsync(): the latter would continue on the thread pool, outside the orchestration.
#pragma warning disable CA1849
                cancel.Cancel();
#pragma warning restore CA1849
            }
        }

        return settled.IsCompleted;
    }

    private static async Task RemindAsync(TaskOrchestrationContext context, ClaimWindowInput input, DateTimeOffset scheduledFor)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var retries = TaskOptions.FromRetryPolicy(new RetryPolicy(input.NotificationAttempts, input.NotificationFirstRetry, backoffCoefficient: 2));
        try
        {
            await context.CallActivityAsync<bool>(nameof(NotifyClaimSellerActivity),
                new ClaimReminder(input, now, $"{context.InstanceId}~reminder~{scheduledFor.UtcTicks}"), retries).ConfigureAwait(true);
        }
        catch (TaskFailedException)
        {
            // A seller endpoint that keeps failing does not stop the window: the claim still expires on time.
        }
    }
}
