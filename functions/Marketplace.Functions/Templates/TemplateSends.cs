using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Templates;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Storage.Templates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Templates;

/// <summary>
/// "Send with a template": finds the template the seller may use, checks their variables, renders it in the buyer's
/// language with the order's values, and hands back the text to send through the normal path (policy, deadlines,
/// translation) with the template's reason unless the seller gave one.
/// </summary>
internal sealed class TemplateSends(TemplateStore store, TemplateMessages messages, OrderClaimLinks claimLinks)
{
    public const string OrderValueMissingCode = "template_order_value_missing";

    public async Task<TemplateSend> ResolveAsync(
        SendMessageRequest body, Conversation conversation, PartyRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(conversation);
        var errors = new Dictionary<string, string[]>();
        if (role != PartyRole.Seller)
        {
            errors["templateId"] = ["Only sellers send templates; write the message as 'text'."];
        }
        else if (!string.IsNullOrEmpty(body.Text))
        {
            errors["text"] = ["Send either 'text' or 'templateId' (the template is the text), not both."];
        }

        if (errors.Count > 0)
        {
            return new TemplateSend(null, null, Problems.Validation(errors));
        }

        var template = await TemplateEndpoints.FindAsync(store, conversation.Marketplace, conversation.SellerId, body.TemplateId!, null, cancellationToken)
            .ConfigureAwait(false);
        if (template is null)
        {
            return new TemplateSend(null, null, TemplateEndpoints.NotFound(body.TemplateId!));
        }

        var supplied = TemplateValues.From(body.Variables);
        var values = TemplateFilling.CheckVariables(template.Variables, supplied, errors);
        if (errors.Count > 0)
        {
            return new TemplateSend(null, null, Problems.Validation(errors, "The template's variables are missing or invalid; see 'errors'."));
        }

        var (text, missing) = await RenderAsync(template, conversation, values, cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            var problem = Problems.Create(StatusCodes.Status409Conflict, OrderValueMissingCode, "The order lacks a value the template needs",
                $"The order has no {string.Join(", ", missing)} yet (order values come from the marketplace's order webhooks; a return label from a claim whose item you asked back); send it once it has, or write the message yourself.");
            problem.ProblemDetails.Extensions["placeholders"] = missing;
            return new TemplateSend(null, null, problem);
        }

        return new TemplateSend(
            body with { Text = text, Reason = body.Reason ?? template.Reason },
            new TemplateUse(template.Id, template.Version, null),
            null);
    }

    /// <summary>The message text for this conversation's buyer, and the order placeholders the order cannot fill yet.</summary>
    public async Task<(string Text, List<string> Missing)> RenderAsync(
        MessageTemplate template, Conversation conversation, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var body = await messages.BodyForBuyerAsync(template, conversation, cancellationToken).ConfigureAwait(false);
        var missing = new List<string>();
        var fromServer = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TemplateText.Placeholders(body).Contains(TemplatePlaceholders.ReturnLabelUrl)
            && await claimLinks.ReturnLabelPathAsync(conversation, cancellationToken).ConfigureAwait(false) is { } labelPath)
        {
            fromServer[TemplatePlaceholders.ReturnLabelUrl] = labelPath;
        }

        var text = TemplateMessages.Fill(body, conversation, values, missing, fromServer);
        return (text.Trim(), [.. missing.Distinct(StringComparer.Ordinal)]);
    }
}

/// <summary>The request to send (text filled in) and the template use to record, or the problem that refuses it.</summary>
internal sealed record TemplateSend(SendMessageRequest? Request, TemplateUse? Use, ProblemHttpResult? Problem);
