using Marketplace.Domain.Refunds;
using Microsoft.DurableTask;

namespace Marketplace.Workflows.Refunds;

/// <summary>
/// A refund from a claim's resolution to its payment: asks finance for approval (a signed webhook with callback URLs),
/// asks again for the second approval above the four-eyes amount, reminds finance and then escalates to a second
/// approver when nobody decides in time, returns the claim to mediation when finance rejects it, and once approved (and,
/// for a refund that depends on a return, once the item is delivered back or the inspection window ends) has the payment
/// system execute it (once: the refund id is the payment's idempotency key) and records the outcome. The app raises
/// <see cref="DecisionEvent"/> after each decision it stored; the stored refund is the truth, the event only wakes it.
/// </summary>
public sealed class RefundOrchestrator : TaskOrchestrator<RefundWorkflowInput, RefundOutcome>
{
    public const string DecisionEvent = "RefundDecision";

    /// <summary>Raised when the claim's return is delivered (return.delivered).</summary>
    public const string ReturnDeliveredEvent = "ReturnDelivered";

    public static string InstanceIdFor(string refundId) => $"refund~{refundId}";

    public override async Task<RefundOutcome> RunAsync(TaskOrchestrationContext context, RefundWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var id = input.RefundId;
        var notify = TaskOptions.FromRetryPolicy(new RetryPolicy(input.NotificationAttempts, input.NotificationFirstRetry, backoffCoefficient: 2));
        var decision = context.WaitForExternalEvent<string>(DecisionEvent);
        var requestedStep = 0;
        var reminded = false;
        var escalated = false;
        while (true)
        {
            var progress = await context.CallActivityAsync<RefundProgress>(nameof(GetRefundProgressActivity), id, StorageStepRetries.Options).ConfigureAwait(true);
            if (progress.State is not RefundState.AwaitingApproval)
            {
                context.SetCustomStatus(new { state = RefundDecisions.Name(progress.State) });
                if (progress.State == RefundState.Rejected)
                {
                    await context.CallActivityAsync<bool>(nameof(ReturnClaimToMediationActivity), id, StorageStepRetries.Options).ConfigureAwait(true);
                    return RefundOutcome.Rejected;
                }

                break;
            }

            var step = progress.Approvals + 1;
            if (step > requestedStep)
            {
                // The first request, or the second approval under four-eyes (fresh URLs for step 2).
                await NotifyAsync(context, new RefundNotice(id, step == 1 ? "refund.approval_requested" : "refund.second_approval_requested", false,
                    $"{context.InstanceId}~request~{step}"), notify).ConfigureAwait(true);
                requestedStep = step;
            }

            context.SetCustomStatus(new { state = "awaiting_approval", approvals = progress.Approvals, reminded, escalated });
            var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
            var until = !reminded ? input.RemindAt : !escalated ? input.EscalateAt : now + input.RecheckEvery;
            if (await DecidedBeforeAsync(context, decision, until).ConfigureAwait(true))
            {
                decision = context.WaitForExternalEvent<string>(DecisionEvent);
                continue;
            }

            // Nobody decided in time: look at the refund again first (a lost event), then remind, then escalate.
            var latest = await context.CallActivityAsync<RefundProgress>(nameof(GetRefundProgressActivity), id, StorageStepRetries.Options).ConfigureAwait(true);
            if (latest != progress)
            {
                continue;
            }

            if (!reminded)
            {
                await NotifyAsync(context, new RefundNotice(id, "refund.approval_reminder", false, $"{context.InstanceId}~reminder~{step}"), notify)
                    .ConfigureAwait(true);
                reminded = true;
            }
            else if (!escalated)
            {
                await context.CallActivityAsync<bool>(nameof(MarkRefundEscalatedActivity), id, StorageStepRetries.Options).ConfigureAwait(true);
                await NotifyAsync(context, new RefundNotice(id, "refund.approval_escalated", true, $"{context.InstanceId}~escalation"), notify)
                    .ConfigureAwait(true);
                escalated = true;
            }
        }

        if (input.AwaitReturnUntil is { } inspectionEnds
            && !await context.CallActivityAsync<bool>(nameof(CheckReturnDeliveredActivity), id, StorageStepRetries.Options).ConfigureAwait(true))
        {
            // Paid once the item is back, or when the inspection window ends without word from the carrier.
            context.SetCustomStatus(new { state = "awaiting_return", until = inspectionEnds });
            var delivered = context.WaitForExternalEvent<string>(ReturnDeliveredEvent);
            await DecidedBeforeAsync(context, delivered, inspectionEnds).ConfigureAwait(true);
        }

        var payment = TaskOptions.FromRetryPolicy(new RetryPolicy(input.PaymentAttempts, input.PaymentFirstRetry, backoffCoefficient: 2,
            maxRetryInterval: TimeSpan.FromMinutes(10)));
        var reference = await context.CallActivityAsync<string?>(nameof(ExecuteRefundPaymentActivity), id, payment).ConfigureAwait(true);
        await context.CallActivityAsync<bool>(nameof(RecordRefundPaidActivity), new RefundPaid(id, reference), StorageStepRetries.Options).ConfigureAwait(true);
        context.SetCustomStatus(new { state = "paid" });
        return RefundOutcome.Paid;
    }

    private static async Task NotifyAsync(TaskOrchestrationContext context, RefundNotice notice, TaskOptions retries)
    {
        try
        {
            await context.CallActivityAsync<bool>(nameof(NotifyFinanceActivity), notice, retries).ConfigureAwait(true);
        }
        catch (TaskFailedException)
        {
            // An endpoint that keeps failing does not stop the workflow: the refund waits in the finance API's queue,
            // and the reminder and escalation still come at their times.
        }
    }

    // A timer on Azure Storage may fire up to a second early: wait again until the orchestration's own clock is there.
    private static async Task<bool> DecidedBeforeAsync(TaskOrchestrationContext context, Task<string> decision, DateTimeOffset until)
    {
        while (!decision.IsCompleted && context.CurrentUtcDateTime < until.UtcDateTime)
        {
            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(until.UtcDateTime, cancel.Token);
            if (await Task.WhenAny(decision, timer).ConfigureAwait(true) == decision)
            {
                // Cancel(), not CancelAsync(): the latter would continue on the thread pool, outside the orchestration.
#pragma warning disable CA1849
                cancel.Cancel();
#pragma warning restore CA1849
            }
        }

        return decision.IsCompleted;
    }
}
