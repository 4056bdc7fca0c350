using Marketplace.Domain.Deadlines;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Outbound;
using Marketplace.Functions.Security;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Deadlines;

/// <summary>A seller's deadlines, metrics and settings (reminder webhook, reading language, away periods).</summary>
internal static class SellerEndpoints
{
    public const int MinSecretLength = 16;

    /// <summary>The problem code when a reminder webhook URL would reach a non-public address, or breaks the URL rules.</summary>
    public const string WebhookUrlNotAllowed = "webhook_url_not_allowed";

    /// <summary>The metric windows, in days (Amazon's Late Response Rate periods).</summary>
    private static readonly int[] s_metricWindows = [7, 30, 90];

    public static async Task<Results<Ok<OpenDeadlineView[]>, ProblemHttpResult>> ListDeadlinesAsync(HttpContext http, ReplyDeadlineStore deadlines, TimeProvider time, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        var now = time.GetUtcNow();
        var open = await deadlines.ListOpenAsync(seller.Marketplace!, seller.PartyId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(open.Select(d => new OpenDeadlineView(d.ConversationId, d.FirstUnansweredAt, d.DueAt, d.DueAt - now, d.Breached, d.LastNotificationError)).ToArray());
    }

    public static async Task<Results<Ok<SellerMetricsView>, ProblemHttpResult>> MetricsAsync(HttpContext http, ReplyDeadlineStore deadlines, TimeProvider time, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        var now = time.GetUtcNow();
        var records = await deadlines.ListSinceAsync(seller.Marketplace!, seller.PartyId, now.AddDays(-90), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new SellerMetricsView([.. s_metricWindows.Select(days => ResponseMetrics.Compute(records, now, days))]));
    }

    public static async Task<Results<Ok<SellerSettingsView>, ProblemHttpResult>> GetSettingsAsync(HttpContext http, PartySettingsStore settings, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        var webhook = await settings.GetSellerWebhookAsync(seller.Marketplace!, seller.PartyId, cancellationToken).ConfigureAwait(false);
        var language = await settings.GetLanguageAsync(seller.Marketplace!, "seller", seller.PartyId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new SellerSettingsView(webhook?.Url.AbsoluteUri, webhook is not null, language));
    }

    public static async Task<Results<Ok<SellerSettingsView>, ProblemHttpResult>> PutSettingsAsync(
        SellerSettingsRequest? body, HttpContext http, PartySettingsStore settings, WebhookDestinationPolicy destinations, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        var errors = new Dictionary<string, string[]>();
        var language = body?.Language is null ? null : LanguageTags.Normalize(body.Language);
        if (body?.Language is not null && language is null)
        {
            errors["language"] = [LanguageTags.Rule];
        }

        // The language alone changes only the language; otherwise the webhook is set (both fields, as before).
        if (body is { Language: not null, ReminderWebhookUrl: null, ReminderWebhookSecret: null })
        {
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }

            await settings.SetLanguageAsync(seller.Marketplace!, "seller", seller.PartyId, language!, cancellationToken).ConfigureAwait(false);
            return await GetSettingsAsync(http, settings, cancellationToken).ConfigureAwait(false);
        }

        if (!Uri.TryCreate(body?.ReminderWebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors["reminderWebhookUrl"] = ["Must be an absolute https URL."];
        }

        if (body?.ReminderWebhookSecret is not { Length: >= MinSecretLength })
        {
            errors["reminderWebhookSecret"] = [$"Must be at least {MinSecretLength} characters; we sign each webhook with it (HMAC-SHA256)."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Server-side request forgery: the app will POST to this URL, so it must not lead back into our own network.
        // Checked again at each delivery, as what the host resolves to may change.
        if (await destinations.CheckAsync(url!, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, WebhookUrlNotAllowed, "Webhook URL not allowed", refusal);
        }

        await settings.SetSellerWebhookAsync(seller.Marketplace!, seller.PartyId, url!, body!.ReminderWebhookSecret!, cancellationToken).ConfigureAwait(false);
        if (language is not null)
        {
            await settings.SetLanguageAsync(seller.Marketplace!, "seller", seller.PartyId, language, cancellationToken).ConfigureAwait(false);
        }

        return await GetSettingsAsync(http, settings, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Results<Ok<VacationView[]>, ProblemHttpResult>> ListVacationsAsync(HttpContext http, PartySettingsStore settings, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        var vacations = await settings.ListVacationsAsync(seller.Marketplace!, seller.PartyId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(vacations.Select(v => new VacationView(v.Id, v.Period.Start, v.Period.End)).ToArray());
    }

    public static async Task<Results<Created<VacationView>, ProblemHttpResult>> AddVacationAsync(VacationRequest? body, HttpContext http, PartySettingsStore settings, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        if (body?.Start is not { } start || body.End is not { } end || end <= start || end - start > TimeSpan.FromDays(90))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["start,end"] = ["Give both as ISO 8601 timestamps with an offset; end after start, at most 90 days apart."],
            });
        }

        var id = await settings.AddVacationAsync(seller.Marketplace!, seller.PartyId, new VacationPeriod(start, end), cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/seller/vacations/{id}", new VacationView(id, start, end));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteVacationAsync(string id, HttpContext http, PartySettingsStore settings, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        return await settings.DeleteVacationAsync(seller.Marketplace!, seller.PartyId, id, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, "vacation_not_found", "Not found", $"You have no away period '{id}'.");
    }

    /// <summary>POST /api/conversations/{id}/no-response-needed: the seller closes the wait without replying.</summary>
    public static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> NoResponseNeededAsync(
        string id, HttpContext http, DurableTaskClient durable, ConversationAccess access, ConversationStore conversations, InboxProjector inbox,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        var (_, role) = await access.WriteAsync(caller, id, cancellationToken).ConfigureAwait(false);
        if (role != Domain.Events.PartyRole.Seller)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "sellers_only", "Not allowed", "Only the seller can mark a buyer's message as needing no reply.");
        }

        var (before, after) = await conversations.EndWaitWithoutReplyAsync(id, cancellationToken).ConfigureAwait(false);
        await inbox.ProjectAsync(after, cancellationToken).ConfigureAwait(false);
        await ReplyDeadlineStarter.ResolveAsync(durable, id, before.Summary.AwaitingReplySince!.Value,
            new Workflows.ReplyDeadlines.DeadlineResolution(Workflows.ReplyDeadlines.DeadlineResolutionKind.NoResponseNeeded, time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ConversationView.From(after));
    }

    private static Caller? SellerOf(HttpContext http) =>
        CallerAccessor.Require(http) is { Role: CallerRole.Seller, Marketplace.Length: > 0 } seller ? seller : null;

    private static ProblemHttpResult SellersOnly() =>
        Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "These settings belong to sellers (with a marketplace claim).");
}
