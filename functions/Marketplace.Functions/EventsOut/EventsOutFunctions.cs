using Marketplace.Domain.Profiles;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Outbound;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Marketplace.Storage.Outbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.EventsOut;

/// <summary>
/// A marketplace's subscription to our events (its backend's token), and the admins' view of deliveries with replay. A
/// marketplace also sees its own deliveries, to know what it missed.
/// </summary>
[Tags("Events out")]
internal sealed class EventsOutFunctions(
    MarketplaceSubscriptions subscriptions, WebhookDestinationPolicy destinations, EventDeliveryStore deliveries, MarketplaceEventOutbox outbox,
    TimeProvider time, ILogger<EventsOutFunctions> logger)
{
    [Function("GetEventsWebhook")]
    [Authorize(Policy = AuthorizationPolicies.Marketplace)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<EventsWebhookView>, ProblemHttpResult>> GetEventsWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/marketplace/events-webhook")] HttpRequest request, CancellationToken cancellationToken)
    {
        var marketplace = MarketplaceOf(request);
        return await subscriptions.GetAsync(marketplace, cancellationToken).ConfigureAwait(false) is { } webhook
            ? TypedResults.Ok(new EventsWebhookView(webhook.Url.AbsoluteUri, webhook.Since))
            : NotSubscribed(marketplace);
    }

    [Function("SetEventsWebhook")]
    [Authorize(Policy = AuthorizationPolicies.Marketplace)]
    [Consumes(typeof(EventsWebhookRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Ok<EventsWebhookView>, ProblemHttpResult>> SetEventsWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/marketplace/events-webhook")] HttpRequest request, CancellationToken cancellationToken)
    {
        var marketplace = MarketplaceOf(request);
        var body = await JsonBody.ReadAsync<EventsWebhookRequest>(request, cancellationToken).ConfigureAwait(false);
        var (url, problem) = await WebhookEndpointInput.CheckAsync(body?.Url, "url", body?.Secret, "secret", destinations, cancellationToken)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // A changed URL or secret keeps the original start: events since then keep flowing to the new place.
        var since = await subscriptions.GetAsync(marketplace, cancellationToken).ConfigureAwait(false) is { } existing ? existing.Since : time.GetUtcNow();
        await subscriptions.SetAsync(marketplace, new MarketplaceEventsWebhook(url!, body!.Secret!, since), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new EventsWebhookView(url!.AbsoluteUri, since));
    }

    [Function("DeleteEventsWebhook")]
    [Authorize(Policy = AuthorizationPolicies.Marketplace)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<NoContent, ProblemHttpResult>> DeleteEventsWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/marketplace/events-webhook")] HttpRequest request, CancellationToken cancellationToken)
    {
        var marketplace = MarketplaceOf(request);
        return await subscriptions.DeleteAsync(marketplace, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : NotSubscribed(marketplace);
    }

    [Function("ListEventDeliveries")]
    [QueryParameter("marketplace", typeof(string), "Admins: whose streams (a marketplace's backend sees its own and may leave it out).")]
    [QueryParameter("failing", typeof(bool), "Only streams that are retrying or dead-lettered (default false).")]
    [QueryParameter("limit", typeof(int), "Page size, 1-100 (default 50).")]
    [QueryParameter("cursor", typeof(string), "nextCursor from the previous page.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Ok<EventDeliveryPage>, ProblemHttpResult>> ListEventDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/event-deliveries")] HttpRequest request, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(request.HttpContext);
        var asked = RequestQuery.String(request, "marketplace");
        var failing = RequestQuery.Bool(request, "failing") ?? false;
        var cursor = RequestQuery.String(request, "cursor");
        var limit = RequestQuery.Int(request, "limit") ?? 50;
        if (caller.Role is not (CallerRole.Admin or CallerRole.Marketplace))
        {
            return Forbidden();
        }

        var marketplace = caller.Role == CallerRole.Marketplace ? caller.Marketplace! : asked;
        var errors = new Dictionary<string, string[]>();
        if (marketplace is null || !MarketplaceNames.IsCanonical(marketplace))
        {
            errors["marketplace"] = [$"Name the marketplace whose deliveries to list: {MarketplaceNames.Rule}."];
        }
        else if (caller.Role == CallerRole.Marketplace && asked is not null && asked != marketplace)
        {
            return Forbidden();
        }

        if (cursor is not null && !EventStreamName.TryParse(cursor, out _))
        {
            errors["cursor"] = ["Is not a cursor this API returned; pass 'nextCursor' from the previous page unchanged."];
        }

        if (limit is < 1 or > 100)
        {
            errors["limit"] = ["Must be from 1 to 100."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (items, next) = await deliveries.ListAsync(marketplace!, failing, cursor, limit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new EventDeliveryPage([.. items.Select(EventDeliveryView.From)], next));
    }

    [Function("ReplayEventDeliveries")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    [Consumes(typeof(ReplayRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Accepted<EventDeliveryView>, ProblemHttpResult>> ReplayEventDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/event-deliveries/replay")] HttpRequest request, CancellationToken cancellationToken)
    {
        var admin = CallerAccessor.Require(request.HttpContext);
        var body = await JsonBody.ReadAsync<ReplayRequest>(request, cancellationToken).ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>();
        if (body?.Marketplace is not { } marketplace || !MarketplaceNames.IsCanonical(marketplace))
        {
            errors["marketplace"] = [$"Must be a marketplace name: {MarketplaceNames.Rule}."];
        }

        if (!EventStreamName.TryParse(body?.Stream, out var stream))
        {
            errors["stream"] = ["Must be a stream as the deliveries list names it: 'conversation:{conversationId}' or 'claim:{claimId}'."];
        }
        else if (body!.AfterPosition is { } position && !EventPositions.IsValid(stream.Kind, position))
        {
            errors["afterPosition"] = [$"Must be a position of this stream, as 'deliveredThrough' shows it ({EventPositions.Example(stream.Kind)})."];
        }

        if (body is { AfterPosition: not null, FromStart: true })
        {
            errors["fromStart"] = ["Give either 'afterPosition' or 'fromStart', not both."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (await subscriptions.GetAsync(body!.Marketplace!, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotSubscribed(body.Marketplace!);
        }

        var state = await deliveries.GetAsync(body.Marketplace!, stream.ToString(), cancellationToken).ConfigureAwait(false);
        var replayed = state with
        {
            DeliveredThrough = body.FromStart == true ? null : body.AfterPosition ?? state.DeliveredThrough,
            Attempts = 0, LastError = null, NextAttemptAt = null, DeadLettered = false,
        };
        if (await deliveries.TrySaveAsync(replayed, cancellationToken).ConfigureAwait(false) is not { } saved)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "delivery_in_progress", "Delivery in progress",
                "The stream's delivery moved on while you asked; read its state again and repeat the replay if it is still needed.");
        }

        await outbox.DeliverAsync(body.Marketplace!, stream, cancellationToken).ConfigureAwait(false);
        EventsOutLog.StreamReplayed(logger, admin.PartyId, body.Marketplace!, stream.ToString(), saved.DeliveredThrough ?? "the start");
        return TypedResults.Accepted((string?)null, EventDeliveryView.From(saved));
    }

    private static string MarketplaceOf(HttpRequest request) =>
        CallerAccessor.Require(request.HttpContext).Marketplace
        ?? throw new InvalidOperationException("The marketplace policy admits only callers with a marketplace.");

    private static ProblemHttpResult NotSubscribed(string marketplace) =>
        Problems.Create(StatusCodes.Status404NotFound, "not_subscribed", "No events webhook",
            $"Marketplace '{marketplace}' has no events webhook; PUT /api/marketplace/events-webhook with its url and secret to receive events.");

    private static ProblemHttpResult Forbidden() =>
        Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Event deliveries are shown to admins and to each marketplace's backend.");
}
