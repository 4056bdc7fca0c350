using Marketplace.Functions.Durable;
using Marketplace.Workflows.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Marketplace.Functions.Claims;

/// <summary>The claim window workflow as Durable functions: one-line wrappers named after the classes they run.</summary>
internal static class ClaimWindowOrchestratorFunction
{
    [Function(nameof(ClaimWindowOrchestrator))]
    public static Task<ClaimWindowOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ClaimWindowOrchestrator().RunAsync(context, context.GetInput<ClaimWindowInput>()!);
}

/// <summary>Whether the claim still waits for the seller.</summary>
internal sealed class ClaimAwaitingSellerFunction(ClaimAwaitingSellerActivity activity)
{
    [Function(nameof(ClaimAwaitingSellerActivity))]
    public Task<bool> RunAsync([ActivityTrigger] string input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(ClaimAwaitingSellerActivity), instanceId), input);
}

/// <summary>Moves an unresolved claim to mediation at the end of its window.</summary>
internal sealed class ExpireClaimFunction(ExpireClaimActivity activity)
{
    [Function(nameof(ExpireClaimActivity))]
    public Task<bool> RunAsync([ActivityTrigger] string input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(ExpireClaimActivity), instanceId), input);
}

/// <summary>Sends the seller a signed claim reminder.</summary>
internal sealed class NotifyClaimSellerFunction(NotifyClaimSellerActivity activity)
{
    [Function(nameof(NotifyClaimSellerActivity))]
    public Task<bool> RunAsync([ActivityTrigger] ClaimReminder input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(NotifyClaimSellerActivity), instanceId), input);
}
