using Microsoft.DurableTask;

namespace Marketplace.Workflows.Automations;

/// <summary>
/// A seller's automation for one order event: waits on a durable timer until the send time, then sends once through
/// <see cref="SendAutomatedMessageActivity"/>, which decides from the state at that moment (paused, the seller already
/// wrote, the buyer opted out) whether to send. The instance id is derived from seller, automation, order and event, so
/// the same event delivered again starts nothing. The activity reads the automation as it is then: when an edit lengthened
/// its delay it answers when the send is due instead, and the orchestration waits again until then.
/// </summary>
public sealed class AutomationOrchestrator : TaskOrchestrator<AutomationInput, string>
{
    /// <summary>How many times a waiting send follows a lengthened delay (each edit may lengthen it once more).</summary>
    public const int MaxReschedules = 20;

    public static string InstanceIdFor(string marketplace, string sellerId, string automationId, string orderId, string @event) =>
        $"automation~{marketplace}~{sellerId}~{automationId}~{orderId}~{@event}";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, AutomationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retries = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(5), backoffCoefficient: 2));
        var sendAt = input.SendAt;
        for (var round = 0; ; round++)
        {
            context.SetCustomStatus(new { state = "waiting", sendAt });

            // A timer on Azure Storage may fire up to a second early: wait again until the orchestration's own clock is there.
            while (context.CurrentUtcDateTime < sendAt.UtcDateTime)
            {
                await context.CreateTimer(sendAt.UtcDateTime, CancellationToken.None).ConfigureAwait(true);
            }

            var outcome = await context.CallActivityAsync<string>(nameof(SendAutomatedMessageActivity), input with { SendAt = sendAt }, retries)
                .ConfigureAwait(true);
            if (round < MaxReschedules && AutomationOutcomes.IsNotDue(outcome, out var due) && due > sendAt)
            {
                sendAt = due;
                continue;
            }

            context.SetCustomStatus(new { state = outcome, sendAt });
            return outcome;
        }
    }
}
