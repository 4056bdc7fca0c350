using Marketplace.Domain.Deadlines;
using Marketplace.Functions.Errors;
using Marketplace.Functions.EventsOut;
using Marketplace.Functions.Hosting.Binding;
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
    /// <summary>The metric windows, in days (Amazon's Late Response Rate periods).</summary>
    private static readonly int[] s_metricWindows = [7, 30, 90];

    public static async Task<Results<Ok<DeadlinePage>, ProblemHttpResult>> ListDeadlinesAsync(
        HttpContext http, ReplyDeadlineStore deadlines, TimeProvider time, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        if (PagingErrors(limit, cursor, out var after) is { } errors)
        {
            return Problems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var open = await deadlines.ListOpenAsync(seller.Marketplace!, seller.PartyId, cancellationToken).ConfigureAwait(false);
        var page = SortedPage.Of(open, d => d.DueAt, d => d.ConversationId, after, limit ?? SortedPage.DefaultLimit);
        return TypedResults.Ok(new DeadlinePage(
            [.. page.Items.Select(d => new OpenDeadlineView(d.ConversationId, d.FirstUnansweredAt, d.DueAt, d.DueAt - now, d.Breached, d.LastNotificationError))],
            page.NextCursor));
    }

    private static Dictionary<string, string[]>? PagingErrors(int? limit, string? cursor, out string? after)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > SortedPage.MaxLimit)
        {
            errors["limit"] = [$"Must be from 1 to {SortedPage.MaxLimit}."];
        }

        if (!SortedPage.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["Is not a cursor this API returned; pass 'nextCursor' from the previous page unchanged."];
        }

        return errors.Count > 0 ? errors : null;
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

        var language = body?.Language is null ? null : LanguageTags.Normalize(body.Language);
        if (body?.Language is not null && language is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["language"] = [LanguageTags.Rule] });
        }

        // The language alone changes only the language; otherwise the webhook is set (both fields, as before).
        if (body is { Language: not null, ReminderWebhookUrl: null, ReminderWebhookSecret: null })
        {
            await settings.SetLanguageAsync(seller.Marketplace!, "seller", seller.PartyId, language!, cancellationToken).ConfigureAwait(false);
            return await GetSettingsAsync(http, settings, cancellationToken).ConfigureAwait(false);
        }

        var (url, problem) = await WebhookEndpointInput.CheckAsync(
            body?.ReminderWebhookUrl, "reminderWebhookUrl", body?.ReminderWebhookSecret, "reminderWebhookSecret", destinations, cancellationToken)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        await settings.SetSellerWebhookAsync(seller.Marketplace!, seller.PartyId, url!, body!.ReminderWebhookSecret!, cancellationToken).ConfigureAwait(false);
        if (language is not null)
        {
            await settings.SetLanguageAsync(seller.Marketplace!, "seller", seller.PartyId, language, cancellationToken).ConfigureAwait(false);
        }

        return await GetSettingsAsync(http, settings, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Results<Ok<VacationPage>, ProblemHttpResult>> ListVacationsAsync(
        HttpContext http, PartySettingsStore settings, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (SellerOf(http) is not { } seller)
        {
            return SellersOnly();
        }

        if (PagingErrors(limit, cursor, out var after) is { } errors)
        {
            return Problems.Validation(errors);
        }

        var vacations = await settings.ListVacationsAsync(seller.Marketplace!, seller.PartyId, cancellationToken).ConfigureAwait(false);
        var page = SortedPage.Of(vacations, v => v.Period.Start, v => v.Id, after, limit ?? SortedPage.DefaultLimit);
        return TypedResults.Ok(new VacationPage([.. page.Items.Select(v => new VacationView(v.Id, v.Period.Start, v.Period.End))], page.NextCursor));
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
        MarketplaceEventOutbox outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        var (current, role) = await access.WriteAsync(caller, id, cancellationToken).ConfigureAwait(false);
        if (role != Domain.Events.PartyRole.Seller)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "sellers_only", "Not allowed", "Only the seller can mark a buyer's message as needing no reply.");
        }

        var stream = EventStreamName.Conversation(id);
        await outbox.ScheduleRepairAsync(current.Marketplace, stream, cancellationToken).ConfigureAwait(false);
        var (before, after) = await conversations.EndWaitWithoutReplyAsync(id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await inbox.ProjectAsync(after, cancellationToken).ConfigureAwait(false);
        await outbox.DeliverAsync(after.Marketplace, stream, cancellationToken).ConfigureAwait(false);
        await ReplyDeadlineStarter.ResolveAsync(durable, id, before.Summary.AwaitingReplySince!.Value,
            new Workflows.ReplyDeadlines.DeadlineResolution(Workflows.ReplyDeadlines.DeadlineResolutionKind.NoResponseNeeded, time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ConversationView.From(after));
    }

    private static Caller? SellerOf(HttpContext http) =>
        CallerAccessor.Require(http) is { Role: CallerRole.Seller, Marketplace.Length: > 0 } seller ? seller : null;

    private static ProblemHttpResult SellersOnly() =>
        Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "These belong to sellers, with a token naming their marketplace (its 'marketplace' claim; locally: scripts/token.sh seller <sellerId> <marketplace>).");
}
