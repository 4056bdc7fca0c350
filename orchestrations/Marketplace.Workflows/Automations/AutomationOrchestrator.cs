using Microsoft.DurableTask;

namespace Marketplace.Workflows.Automations;

/// <summary>
/// A seller's automation for one order event: waits on a durable timer until the send time, then sends once through
/// <see cref="SendAutomatedMessageActivity"/>, which decides from the state at that moment (paused, the seller already
/// wrote, the buyer opted out) whether to send. The instance id is derived from seller, automation, order and event, so
/// the same event delivered again starts nothing.
/// </summary>
public sealed class AutomationOrchestrator : TaskOrchestrator<AutomationInput, string>
{
    public static string InstanceIdFor(string marketplace, string sellerId, string automationId, string orderId, string @event) =>
        $"automation~{marketplace}~{sellerId}~{automationId}~{orderId}~{@event}";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, AutomationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(new { state = "waiting", sendAt = input.SendAt });

        // A timer on Azure Storage may fire up to a second early: wait again until the orchestration's own clock is there.
        while (context.CurrentUtcDateTime < input.SendAt.UtcDateTime)
        {
            await context.CreateTimer(input.SendAt.UtcDateTime, CancellationToken.None).ConfigureAwait(true);
        }

        var retries = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(5), backoffCoefficient: 2));
        var outcome = await context.CallActivityAsync<string>(nameof(SendAutomatedMessageActivity), input, retries).ConfigureAwait(true);
        context.SetCustomStatus(new { state = outcome, sendAt = input.SendAt });
        return outcome;
    }
}
