using Marketplace.Domain.Conversations;
using Marketplace.Storage.Templates;
using Marketplace.Workflows.Automations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Templates;

/// <summary>
/// Starts the seller's automations for an order event: one orchestration per automation, its instance id derived from
/// seller, automation, order and event, so the same event applied again (a redelivered or duplicate webhook, another
/// event id for the same shipment) starts nothing.
/// </summary>
internal sealed class AutomationTriggers(AutomationStore automations, ILogger<AutomationTriggers> logger)
{
    public async Task OnEventAsync(
        DurableTaskClient durable, Conversation conversation, string @event, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.OrderId is not { } orderId)
        {
            return;
        }

        // Paused automations start nothing; one paused after its start is checked again when it would send.
        foreach (var automation in (await automations.ListAsync(conversation.Marketplace, conversation.SellerId, cancellationToken).ConfigureAwait(false))
            .Where(a => a.Event == @event && !a.Paused))
        {
            var instanceId = AutomationOrchestrator.InstanceIdFor(conversation.Marketplace, conversation.SellerId, automation.Id, orderId, @event);
            var input = new AutomationInput(
                conversation.Marketplace, conversation.SellerId, automation.Id, conversation.Id, orderId, @event, at, at + automation.Delay);
            try
            {
                // An instance in any state is never replaced: an automation that sent (or decided not to) stays done.
                await durable.ScheduleNewOrchestrationInstanceAsync(
                    nameof(AutomationOrchestrator), input,
                    new StartOrchestrationOptions { InstanceId = instanceId }.WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]),
                    cancellationToken).ConfigureAwait(false);
                TemplatesLog.AutomationScheduled(logger, automation.Id, conversation.Id, @event, instanceId);
            }
            catch (InvalidOperationException)
            {
                // Each host reports "already exists" its own way: what matters is whether it exists.
                if (await durable.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw;
                }
            }
        }
    }
}
