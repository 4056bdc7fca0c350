using System.Text.Json;
using System.Xml;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Templates;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Security;
using Marketplace.Storage.Templates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Templates;

/// <summary>A seller's automations: list, create, read, edit, pause, resume, delete.</summary>
internal static class AutomationEndpoints
{
    public const string NotFoundCode = "automation_not_found";

    public static async Task<Ok<AutomationPage>> ListAsync(HttpContext http, AutomationStore store, CancellationToken cancellationToken)
    {
        var (marketplace, seller) = Seller(http);
        var items = await store.ListAsync(marketplace, seller, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new AutomationPage([.. items.Select(AutomationView.From)], null));
    }

    public static async Task<Results<Ok<AutomationView>, ProblemHttpResult>> GetAsync(
        string id, int? version, HttpContext http, AutomationStore store, CancellationToken cancellationToken)
    {
        var (marketplace, seller) = Seller(http);
        var automation = version is { } v
            ? await store.GetVersionAsync(marketplace, seller, id, v, cancellationToken).ConfigureAwait(false)
            : await store.GetAsync(marketplace, seller, id, cancellationToken).ConfigureAwait(false);
        return automation is null ? NotFound(id) : TypedResults.Ok(AutomationView.From(automation));
    }

    public static async Task<Results<Created<AutomationView>, ProblemHttpResult>> CreateAsync(
        AutomationRequest? body, HttpContext http, AutomationStore store, TemplateStore templates, TimeProvider time, CancellationToken cancellationToken)
    {
        var (marketplace, seller) = Seller(http);
        var (read, problem) = await ReadAsync(body, marketplace, seller, templates, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var automation = read! with { Id = AutomationStore.NewId(), CreatedAt = time.GetUtcNow() };
        await store.CreateAsync(automation, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/automations/{automation.Id}", AutomationView.From(automation));
    }

    /// <summary>
    /// Changes the template, event, delay and variables (checked as when created) as the automation's next version. Sends
    /// already waiting use it as it is when their time comes: its template and variables, and its delay counted from the
    /// event (a longer delay waits on; a shorter one cannot make a timer fire earlier); one for another event sends nothing.
    /// </summary>
    public static async Task<Results<Ok<AutomationView>, ProblemHttpResult>> UpdateAsync(
        string id, AutomationRequest? body, HttpContext http, AutomationStore store, TemplateStore templates, CancellationToken cancellationToken)
    {
        var (marketplace, seller) = Seller(http);
        var (read, problem) = await ReadAsync(body, marketplace, seller, templates, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var saved = await store.UpdateAsync(
            marketplace, seller, id, current => current with { TemplateId = read!.TemplateId, Event = read.Event, Delay = read.Delay, Variables = read.Variables },
            cancellationToken).ConfigureAwait(false);
        return saved is null ? NotFound(id) : TypedResults.Ok(AutomationView.From(saved));
    }

    // What a create or edit request asks for (id and time set by the caller), or the 400 naming every bad field.
    private static async Task<(Automation? Automation, ProblemHttpResult? Problem)> ReadAsync(
        AutomationRequest? body, string marketplace, string seller, TemplateStore templates, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            return (null, Problems.Validation(new Dictionary<string, string[]>
            {
                ["body"] = ["Send a JSON object: {\"templateId\", \"event\", \"delay\": \"PT2H\", \"variables\": {…}}."],
            }));
        }

        if (body.Event is null || !AutomationEvents.All.Contains(body.Event))
        {
            errors["event"] = [$"Must be one of: {string.Join(", ", AutomationEvents.All)}."];
        }

        TimeSpan delay = default;
        try
        {
            delay = XmlConvert.ToTimeSpan(body.Delay ?? "");
        }
        catch (FormatException)
        {
            delay = TimeSpan.MinValue;
        }

        if (delay < TimeSpan.Zero || delay > AutomationEvents.MaxDelay)
        {
            errors["delay"] = [$"Required: an ISO 8601 duration from PT0S to P{AutomationEvents.MaxDelay.TotalDays:0}D, e.g. PT2H."];
        }

        var template = body.TemplateId is { Length: > 0 } templateId
            ? await TemplateEndpoints.FindAsync(templates, marketplace, seller, templateId, null, cancellationToken).ConfigureAwait(false)
            : null;
        if (template is null)
        {
            errors["templateId"] = ["Must be the id of a template you may use (yours or your marketplace's)."];
        }

        var values = template is null
            ? []
            : TemplateFilling.CheckVariables(template.Variables, TemplateValues.From(body.Variables), errors);
        return errors.Count > 0
            ? (null, Problems.Validation(errors))
            : (new Automation("", marketplace, seller, template!.Id, body.Event!, delay, values, Paused: false, default), null);
    }

    public static async Task<Results<Ok<AutomationView>, ProblemHttpResult>> SetPausedAsync(
        string id, bool paused, HttpContext http, AutomationStore store, CancellationToken cancellationToken)
    {
        var (marketplace, seller) = Seller(http);
        return await store.SetPausedAsync(marketplace, seller, id, paused, cancellationToken).ConfigureAwait(false) is { } automation
            ? TypedResults.Ok(AutomationView.From(automation))
            : NotFound(id);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext http, AutomationStore store, CancellationToken cancellationToken)
    {
        var (marketplace, seller) = Seller(http);
        return await store.DeleteAsync(marketplace, seller, id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : NotFound(id);
    }

    private static ProblemHttpResult NotFound(string id) =>
        Problems.Create(StatusCodes.Status404NotFound, NotFoundCode, "Not found", $"You have no automation '{id}'.");

    private static (string Marketplace, string SellerId) Seller(HttpContext http) => CallerAccessor.Require(http) switch
    {
        { Role: CallerRole.Seller, Marketplace: { } m, PartyId: var seller } => (m, seller),
        { Role: CallerRole.Seller } => throw new MessagingException(MessagingError.Forbidden, "forbidden", CallerAccessor.NoMarketplace),
        _ => throw new MessagingException(MessagingError.Forbidden, "forbidden", "Automations belong to sellers."),
    };
}

/// <summary>A request's variables as template values: JSON strings as text, numbers as numbers, anything else as a badly typed value.</summary>
internal static class TemplateValues
{
    public static Dictionary<string, TemplateValue> From(IReadOnlyDictionary<string, JsonElement>? variables) =>
        (variables ?? new Dictionary<string, JsonElement>()).ToDictionary(
            v => v.Key,
            v => v.Value.ValueKind switch
            {
                JsonValueKind.String => new TemplateValue(v.Value.GetString()!, IsNumber: false),
                JsonValueKind.Number => new TemplateValue(v.Value.GetRawText(), IsNumber: true),
                // Objects, arrays, booleans and null are no variable's type: refused as badly typed.
                _ => new TemplateValue("", IsNumber: true),
            },
            StringComparer.Ordinal);
}
