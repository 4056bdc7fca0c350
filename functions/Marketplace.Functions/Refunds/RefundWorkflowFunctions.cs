using Marketplace.Functions.Durable;
using Marketplace.Workflows.Refunds;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Marketplace.Functions.Refunds;

/// <summary>The refund workflow as Durable functions: one-line wrappers named after the classes they run.</summary>
internal static class RefundOrchestratorFunction
{
    [Function(nameof(RefundOrchestrator))]
    public static Task<RefundOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RefundOrchestrator().RunAsync(context, context.GetInput<RefundWorkflowInput>()!);
}

/// <summary>Where the refund stands.</summary>
internal sealed class GetRefundProgressFunction(GetRefundProgressActivity activity)
{
    [Function(nameof(GetRefundProgressActivity))]
    public Task<RefundProgress> RunAsync([ActivityTrigger] string input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(GetRefundProgressActivity), instanceId), input);
}

/// <summary>Sends finance (or the escalation target) a signed webhook about a refund.</summary>
internal sealed class NotifyFinanceFunction(NotifyFinanceActivity activity)
{
    [Function(nameof(NotifyFinanceActivity))]
    public Task<bool> RunAsync([ActivityTrigger] RefundNotice input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(NotifyFinanceActivity), instanceId), input);
}

/// <summary>Records the approval's escalation.</summary>
internal sealed class MarkRefundEscalatedFunction(MarkRefundEscalatedActivity activity)
{
    [Function(nameof(MarkRefundEscalatedActivity))]
    public Task<bool> RunAsync([ActivityTrigger] string input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(MarkRefundEscalatedActivity), instanceId), input);
}

/// <summary>Returns a claim whose refund finance rejected to mediation.</summary>
internal sealed class ReturnClaimToMediationFunction(ReturnClaimToMediationActivity activity)
{
    [Function(nameof(ReturnClaimToMediationActivity))]
    public Task<bool> RunAsync([ActivityTrigger] string input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(ReturnClaimToMediationActivity), instanceId), input);
}

/// <summary>Has the payment system execute the refund (idempotency key per refund).</summary>
internal sealed class ExecuteRefundPaymentFunction(ExecuteRefundPaymentActivity activity)
{
    [Function(nameof(ExecuteRefundPaymentActivity))]
    public Task<string?> RunAsync([ActivityTrigger] string input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(ExecuteRefundPaymentActivity), instanceId), input);
}

/// <summary>Records the payment on the refund and the claim's timeline.</summary>
internal sealed class RecordRefundPaidFunction(RecordRefundPaidActivity activity)
{
    [Function(nameof(RecordRefundPaidActivity))]
    public Task<bool> RunAsync([ActivityTrigger] RefundPaid input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(RecordRefundPaidActivity), instanceId), input);
}

/// <summary>Whether the refund's return was delivered.</summary>
internal sealed class CheckReturnDeliveredFunction(CheckReturnDeliveredActivity activity)
{
    [Function(nameof(CheckReturnDeliveredActivity))]
    public Task<bool> RunAsync([ActivityTrigger] string input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(CheckReturnDeliveredActivity), instanceId), input);
}
