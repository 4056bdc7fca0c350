using Marketplace.ContentPolicy;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Storage;
using Marketplace.Storage.Templates;
using Marketplace.Workflows.Automations;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Templates;

/// <summary>
/// Sends an automation's message when its time comes, deciding from the state then: nothing if the automation is paused
/// or deleted, if the seller (by hand or by this automation) already wrote after the event, or if the buyer opted out of
/// unsolicited messages and the template's reason is not a critical one. Otherwise the template is rendered for the buyer
/// and sent through the normal path (content policy, deadlines, translation) as the seller's message, marked as sent by
/// the automation; its dedupe marker (automation + event) makes a retried send a no-op.
/// </summary>
internal sealed class AutomationSender(
    AutomationStore automations, TemplateStore templates, TemplateSends sends, ConversationStore conversations, ConversationEvents events,
    PartySettingsStore settings, ContentPolicyEngine policy, TimeProvider time, ILogger<AutomationSender> logger)
{
    /// <summary>The sender as the workflow's activity sees it, using the calling function's Durable client.</summary>
    public IAutomationSender With(DurableTaskClient durable) => new Bound(this, durable);

    public async Task<string> SendAsync(DurableTaskClient durable, AutomationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await DecideAndSendAsync(durable, input, cancellationToken).ConfigureAwait(false);
        TemplatesLog.AutomationOutcome(logger, input.AutomationId, input.ConversationId, outcome);
        return outcome;
    }

    private async Task<string> DecideAndSendAsync(DurableTaskClient durable, AutomationInput input, CancellationToken cancellationToken)
    {
        var automation = await automations.GetAsync(input.Marketplace, input.SellerId, input.AutomationId, cancellationToken).ConfigureAwait(false);
        if (automation is null)
        {
            return AutomationOutcomes.Deleted;
        }

        // Edited while this send waited: it now follows another event (that event starts its own sends), or waits longer.
        if (automation.Event != input.Event)
        {
            return AutomationOutcomes.EventChanged;
        }

        if (input.EventAt + automation.Delay is var due && due > time.GetUtcNow() + AutomationOutcomes.DueTolerance)
        {
            return AutomationOutcomes.NotDueUntil(due);
        }

        if (await conversations.GetAsync(input.ConversationId, cancellationToken).ConfigureAwait(false) is not { } conversation)
        {
            return AutomationOutcomes.NotSendable;
        }

        var recent = await conversations.ListMessagesBeforeAsync(
            conversation.Id, conversation.Summary.MessageCount + 1, 50, cancellationToken, PartyRole.Seller).ConfigureAwait(false);
        var sellerSince = recent.Items.Where(m => m.AuthorRole == PartyRole.Seller && m.SentAt >= input.EventAt).ToList();
        if (sellerSince.Any(m => m.SentBy?.AutomationId == automation.Id))
        {
            return AutomationOutcomes.AlreadySent;
        }

        if (automation.Paused)
        {
            return AutomationOutcomes.Paused;
        }

        if (sellerSince.Count > 0)
        {
            return AutomationOutcomes.SellerWrote;
        }

        var template = await TemplateEndpoints.FindAsync(templates, input.Marketplace, input.SellerId, automation.TemplateId, null, cancellationToken)
            .ConfigureAwait(false);
        if (template is null)
        {
            return AutomationOutcomes.NotSendable;
        }

        if (!policy.IsCriticalReason(conversation.Marketplace, template.Reason)
            && await settings.BuyerOptedOutAsync(conversation.Marketplace, conversation.BuyerId, cancellationToken).ConfigureAwait(false))
        {
            return AutomationOutcomes.BuyerOptedOut;
        }

        // The template may have changed since the automation was made: its variables must still fit.
        var errors = new Dictionary<string, string[]>();
        var values = Domain.Templates.TemplateFilling.CheckVariables(
            template.Variables, automation.Variables.ToDictionary(v => v.Key, v => new Domain.Templates.TemplateValue(v.Value, IsNumber: false)), errors);
        var (text, missing) = await sends.RenderAsync(template, conversation, values, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || missing.Count > 0 || text.Length == 0)
        {
            return AutomationOutcomes.NotSendable;
        }

        var message = new NewMessage(PartyRole.Seller, input.SellerId, text, time.GetUtcNow(), template.Reason, MessageSource.Api, null, [], [])
        {
            SentBy = new TemplateUse(template.Id, template.Version, automation.Id) { AutomationVersion = automation.Version },
        };
        var result = await events.AppendAsync(
            durable, conversation.Id, message, Deduplication.ForEvent($"automation:{automation.Id}:{input.Event}"), static _ => { }, cancellationToken)
            .ConfigureAwait(false);
        return result.WasDuplicate ? AutomationOutcomes.AlreadySent
            : result.Message.Status == MessageStatus.Blocked ? AutomationOutcomes.Refused
            : AutomationOutcomes.Sent;
    }

    private sealed class Bound(AutomationSender sender, DurableTaskClient durable) : IAutomationSender
    {
        public Task<string> SendAsync(AutomationInput input, CancellationToken cancellationToken) => sender.SendAsync(durable, input, cancellationToken);
    }
}
