using Marketplace.ContentPolicy;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Profiles;
using Marketplace.Domain.Templates;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Security;
using Marketplace.Storage.Templates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Templates;

/// <summary>
/// List, read, create, edit and delete templates. A marketplace (role marketplace) writes its marketplace's templates; a
/// seller writes their own and reads those and the marketplace's. A seller's template is checked by the content policy
/// when saved: any finding (contact details, links, messengers, off-platform payment…) refuses it with 422.
/// </summary>
internal static class TemplateEndpoints
{
    public const string NotFoundCode = "template_not_found";
    public const string RefusedCode = "template_refused";

    public static async Task<Ok<TemplatePage>> ListAsync(HttpContext http, TemplateStore store, CancellationToken cancellationToken)
    {
        var (marketplace, sellerId) = Owner(http);
        var items = new List<TemplateView>();
        items.AddRange((await store.ListAsync(marketplace, null, cancellationToken).ConfigureAwait(false)).Select(TemplateView.From));
        if (sellerId is not null)
        {
            items.AddRange((await store.ListAsync(marketplace, sellerId, cancellationToken).ConfigureAwait(false)).Select(TemplateView.From));
        }

        return TypedResults.Ok(new TemplatePage(items, null));
    }

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetAsync(
        string id, int? version, HttpContext http, TemplateStore store, CancellationToken cancellationToken)
    {
        var (marketplace, sellerId) = Owner(http);
        var template = await FindAsync(store, marketplace, sellerId, id, version, cancellationToken).ConfigureAwait(false);
        return template is null ? NotFound(id) : TypedResults.Ok(TemplateView.From(template));
    }

    public static async Task<Results<Created<TemplateView>, ProblemHttpResult>> CreateAsync(
        TemplateRequest? body, HttpContext http, TemplateStore store, ContentPolicyEngine policy, MarketplaceProfiles profiles, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (marketplace, sellerId) = Owner(http);
        if (Check(body, marketplace, sellerId, policy, profiles, time, out var read) is { } refused)
        {
            return refused;
        }

        var template = read! with { Id = TemplateStore.NewId(), Marketplace = marketplace, SellerId = sellerId, Version = 1, UpdatedAt = time.GetUtcNow() };
        await store.CreateAsync(template, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/templates/{template.Id}", TemplateView.From(template));
    }

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> UpdateAsync(
        string id, TemplateRequest? body, HttpContext http, TemplateStore store, ContentPolicyEngine policy, MarketplaceProfiles profiles,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (marketplace, sellerId) = Owner(http);
        if (Check(body, marketplace, sellerId, policy, profiles, time, out var read) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var saved = await store.UpdateAsync(marketplace, sellerId, id, _ => read! with { UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        return saved is null ? NotFound(id) : TypedResults.Ok(TemplateView.From(saved));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext http, TemplateStore store, CancellationToken cancellationToken)
    {
        var (marketplace, sellerId) = Owner(http);
        return await store.DeleteAsync(marketplace, sellerId, id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : NotFound(id);
    }

    /// <summary>A template a seller may send: their own, or their marketplace's (a version of it, when given).</summary>
    public static async Task<MessageTemplate?> FindAsync(
        TemplateStore store, string marketplace, string? sellerId, string id, int? version, CancellationToken cancellationToken)
    {
        // Template ids are identifiers: anything else names no template, and is never sent to storage as a key (a
        // megabyte-long one would fail the request there instead of answering "not found").
        if (!Identifiers.IsValid(id))
        {
            return null;
        }

        foreach (var owner in sellerId is null ? [null] : new[] { sellerId, null })
        {
            var template = version is { } v
                ? await store.GetVersionAsync(marketplace, owner, id, v, cancellationToken).ConfigureAwait(false)
                : await store.GetAsync(marketplace, owner, id, cancellationToken).ConfigureAwait(false);
            if (template is not null)
            {
                return template;
            }
        }

        return null;
    }

    public static ProblemHttpResult NotFound(string id) =>
        Problems.Create(StatusCodes.Status404NotFound, NotFoundCode, "Not found", $"There is no template '{id}' you may use.");

    // The caller's templates: a marketplace writes its marketplace's (seller null), a seller their own.
    private static (string Marketplace, string? SellerId) Owner(HttpContext http) => CallerAccessor.Require(http) switch
    {
        { Role: CallerRole.Marketplace, Marketplace: { } m } => (m, null),
        { Role: CallerRole.Seller, Marketplace: { } m, PartyId: var seller } => (m, seller),
        { Role: CallerRole.Marketplace or CallerRole.Seller } => throw new Domain.Conversations.MessagingException(
            Domain.Conversations.MessagingError.Forbidden, "forbidden", CallerAccessor.NoMarketplace),
        _ => throw new Domain.Conversations.MessagingException(
            Domain.Conversations.MessagingError.Forbidden, "forbidden", "Templates belong to marketplaces (role marketplace) and their sellers."),
    };

    private static ProblemHttpResult? Check(
        TemplateRequest? body, string marketplace, string? sellerId, ContentPolicyEngine policy, MarketplaceProfiles profiles, TimeProvider time,
        out MessageTemplate? template)
    {
        var errors = new Dictionary<string, string[]>();
        template = TemplateRequestRules.Read(body, sellerId is null, profiles.Get(marketplace).MaxTextLength, errors);
        if (template is null)
        {
            return Problems.Validation(errors);
        }

        // The marketplace's own templates are its words; a seller's are checked as their messages will be, placeholders and all.
        if (sellerId is null)
        {
            return null;
        }

        var decision = policy.Evaluate(new PolicyRequest(marketplace, AuthorRole.Seller, template.Body, time.GetUtcNow()));
        if (decision.Findings.Count == 0)
        {
            return null;
        }

        var problem = Problems.Create(StatusCodes.Status422UnprocessableEntity, RefusedCode, "Template not saved",
            "A template may not carry contact details, links or anything the content policy refuses: "
            + string.Join(" ", decision.Findings.Select(f => f.Message).Distinct(StringComparer.Ordinal)));
        problem.ProblemDetails.Extensions["findings"] = decision.Findings
            .Select(f => new Domain.Conversations.ModerationFinding(f.ReasonCode, f.Start, f.Length, f.Action.ToString().ToLowerInvariant(), f.Message))
            .ToList();
        return problem;
    }
}
