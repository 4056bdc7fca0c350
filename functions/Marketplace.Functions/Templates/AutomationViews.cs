using System.Text.Json;
using Marketplace.Domain.Templates;

namespace Marketplace.Functions.Templates;

/// <summary>
/// A seller's automation: on <see cref="Event"/> (order_shipped, order_delivered, claim_opened, return_received) for one
/// of their orders, send the template after <see cref="Delay"/> (ISO 8601), once, unless paused, unless the seller
/// already wrote after the event, and unless the buyer opted out and the template's reason is not critical.
/// <see cref="Version"/> counts edits (PUT); an automated message's sentBy names the version that sent it.
/// </summary>
public sealed record AutomationView(
    string Id, int Version, string TemplateId, string Event, TimeSpan Delay, IReadOnlyDictionary<string, string> Variables, bool Paused,
    DateTimeOffset CreatedAt)
{
    public static AutomationView From(Automation a) => new(a.Id, a.Version, a.TemplateId, a.Event, a.Delay, a.Variables, a.Paused, a.CreatedAt);
}

/// <summary>Create or edit (PUT) an automation: the template (yours or your marketplace's), the event, the delay (ISO 8601, e.g. PT2H) and the template's variables.</summary>
public sealed record AutomationRequest(string? TemplateId, string? Event, string? Delay, IReadOnlyDictionary<string, JsonElement>? Variables);

/// <summary>A seller's automations, oldest first.</summary>
public sealed record AutomationPage(IReadOnlyList<AutomationView> Items, string? NextCursor);
