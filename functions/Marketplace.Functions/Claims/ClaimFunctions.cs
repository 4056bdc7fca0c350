using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Marketplace.Storage.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Claims;

/// <summary>
/// The claims API: open (buyer), read, list, act, timeline, and the published state machine. Every answer about a claim
/// carries the caller's available actions with their due times.
/// </summary>
[Authorize]
[Tags("Claims")]
internal sealed class ClaimFunctions(
    ClaimService service, ClaimAccess access, ClaimStore claims, ConversationStore conversations, InboxProjector inbox, MarketplaceProfiles profiles,
    TimeProvider time)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [Function("OpenClaim")]
    [EndpointSummary("Open a claim on one of my orders (buyer)")]
    [Consumes(typeof(OpenClaimRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Created<ClaimView>, ProblemHttpResult>> OpenClaim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/claims")] HttpRequest request, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = CallerAccessor.Require(request.HttpContext);
        if (caller is not { Role: CallerRole.Buyer, Marketplace.Length: > 0 })
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "buyers_only", "Not allowed", "Buyers open claims on their orders (marketplaces send claim.opened).");
        }

        var body = await JsonBody.ReadAsync<OpenClaimRequest>(request, cancellationToken).ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.IsValid(body?.OrderId))
        {
            errors["orderId"] = [$"Required: the order's id ({Identifiers.Rule})."];
        }

        var reason = ParseName<ClaimReason>(body?.Reason, "reason", errors);
        var desired = ParseName<DesiredResolution>(body?.DesiredResolution, "desiredResolution", errors);
        var maxText = profiles.Get(caller.Marketplace!).MaxTextLength;
        if (body?.Description is { Length: > 0 } text && (text.Length > maxText || MessageText.HasControlCharacters(text)))
        {
            errors["description"] = [$"At most {maxText} characters, without control characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (stored, created) = await service.OpenAsync(caller, body!.OrderId!, reason!.Value, desired!.Value, body.Description, durable, cancellationToken)
            .ConfigureAwait(false);
        if (!created)
        {
            var problem = Problems.Create(StatusCodes.Status409Conflict, "claim_already_open", "Conflict",
                $"Order '{stored.Claim.OrderId}' already has an open claim of this kind: '{stored.Claim.Id}'. Act on it, or wait until it is closed.");
            problem.ProblemDetails.Extensions["claimId"] = stored.Claim.Id;
            return problem;
        }

        return TypedResults.Created($"/api/claims/{stored.Claim.Id}", ClaimView.From(stored, ClaimActor.Buyer, time.GetUtcNow()));
    }

    [Function("GetClaim")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<ClaimView>> GetClaim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/claims/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (stored, actor) = await access.ReadAsync(CallerAccessor.Require(request.HttpContext), id, "read_claim", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ClaimView.From(stored, actor, time.GetUtcNow()));
    }

    [Function("ActOnClaim")]
    [EndpointSummary("Take one of the claim's available actions (see availableActions and GET /api/claims/states)")]
    [Consumes(typeof(ClaimActionRequest), "application/json", IsOptional = true)]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<ClaimView>, ProblemHttpResult>> ActOnClaim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/claims/{id}/actions/{action}")] HttpRequest request, string id, string action,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = CallerAccessor.Require(request.HttpContext);
        var chosen = Enum.GetValues<ClaimAction>().Where(a => a is not (ClaimAction.Open or ClaimAction.Expire or ClaimAction.RejectRefund or ClaimAction.RefundPaid or ClaimAction.ReturnDelivered))
            .Select(a => (Action: a, Name: ClaimStateMachine.Name(a))).ToArray();
        if (chosen.FirstOrDefault(a => a.Name == action) is not { Name: not null } match)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "claim_action_unknown", "Not found",
                $"'{action}' is not a claim action. Actions: {string.Join(", ", chosen.Select(a => a.Name))}.");
        }

        var body = await JsonBody.ReadAsync<ClaimActionRequest>(request, cancellationToken).ConfigureAwait(false);
        var (after, actor) = await service.ActAsync(caller, id, match.Action, body, durable, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ClaimView.From(after, actor, time.GetUtcNow()));
    }

    [Function("GetClaimTimeline")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<ClaimTimelineView[]>> GetClaimTimeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/claims/{id}/timeline")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await access.ReadAsync(CallerAccessor.Require(request.HttpContext), id, "read_claim_timeline", cancellationToken).ConfigureAwait(false);
        var entries = await claims.TimelineAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<ClaimTimelineView[]>([.. entries.Select(e => new ClaimTimelineView(
            e.Sequence, ClaimStateMachine.Name(e.Action), ClaimStateMachine.Name(e.Actor), e.ActorId, ClaimStateMachine.Name(e.From),
            ClaimStateMachine.Name(e.To), e.At, e.Amount, e.Reason))]);
    }

    [Function("ListClaimEvidence")]
    [EndpointSummary("The claim's evidence: every file attached to a message of its thread that the caller may see, oldest first")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<ClaimEvidenceView[]>> ListClaimEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/claims/{id}/evidence")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (stored, actor) = await access.ReadAsync(CallerAccessor.Require(request.HttpContext), id, "read_claim_evidence", cancellationToken)
            .ConfigureAwait(false);
        // Evidence is sent as attachments in the claim's thread (same upload, type and size rules as any message), so a party
        // sees what the thread shows them: their own files and the other party's delivered ones; staff see everything.
        Domain.Events.PartyRole? viewer = actor switch
        {
            ClaimActor.Buyer => Domain.Events.PartyRole.Buyer,
            ClaimActor.Seller => Domain.Events.PartyRole.Seller,
            _ => null,
        };
        var evidence = new List<ClaimEvidenceView>();
        for (long after = 0; ;)
        {
            var page = await conversations.ListMessagesAsync(stored.ConversationId, after, MaxLimit, cancellationToken, viewer).ConfigureAwait(false);
            evidence.AddRange(page.Items.SelectMany(m => m.Attachments.Select(a => ClaimEvidenceView.From(stored.ConversationId, m, a))));
            if (page.NextCursor is null || page.Items.Count == 0)
            {
                return TypedResults.Ok<ClaimEvidenceView[]>([.. evidence]);
            }

            after = page.Items[^1].Sequence;
        }
    }

    [Function("ListClaims")]
    [QueryParameter("state", typeof(string), "Only claims in this state.")]
    [QueryParameter("orderId", typeof(string), "Only claims on this order.")]
    [QueryParameter("limit", typeof(int), "Page size.")]
    [QueryParameter("cursor", typeof(string), "'nextCursor' of the previous page, unchanged.")]
    [QueryParameter("marketplace", typeof(string), "Admins only: the marketplace whose claims to list.")]
    [EndpointSummary("My claims (buyer, seller), my marketplace's (marketplace), or a marketplace's (admin, ?marketplace=), newest first")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Ok<ClaimPage>, ProblemHttpResult>> ListClaims(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/claims")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = CallerAccessor.Require(request.HttpContext);
        var errors = new Dictionary<string, string[]>();
        var state = ParseName<ClaimState>(RequestQuery.String(request, "state"), "state", errors, optional: true);
        var orderId = RequestQuery.String(request, "orderId");
        var limit = RequestQuery.Int(request, "limit") ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be from 1 to {MaxLimit}."];
        }

        string? after = null;
        if (RequestQuery.String(request, "cursor") is { } cursor && !Cursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["Is not a cursor this API returned; pass 'nextCursor' from the previous page unchanged."];
        }

        var marketplace = caller.Role == CallerRole.Admin ? RequestQuery.String(request, "marketplace") : caller.Marketplace;
        if (marketplace is null || !MarketplaceNames.IsCanonical(marketplace))
        {
            errors["marketplace"] = [caller.Role == CallerRole.Admin ? "Required for admins: the marketplace whose claims to list." : CallerAccessor.NoMarketplace];
        }

        ClaimListScope? scope = caller.Role switch
        {
            CallerRole.Buyer => new ClaimListScope(ClaimActor.Buyer, marketplace ?? "", caller.PartyId),
            CallerRole.Seller => new ClaimListScope(ClaimActor.Seller, marketplace ?? "", caller.PartyId),
            CallerRole.Marketplace or CallerRole.Admin => new ClaimListScope(ClaimActor.Mediator, marketplace ?? "", null),
            _ => null,
        };
        if (scope is null)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Claims are listed for buyers, sellers, marketplaces and admins.");
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var reader = caller.Role switch { CallerRole.Buyer => ClaimActor.Buyer, CallerRole.Seller => ClaimActor.Seller, CallerRole.Admin => ClaimActor.Mediator, _ => (ClaimActor?)null };
        var (items, next) = await claims.ListAsync(
            scope, c => (state is null || c.State == state) && (orderId is null || c.OrderId == orderId), after, limit, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new ClaimPage([.. items.Select(c => ClaimView.From(c, reader, now))], next is null ? null : Cursor.Encode(next)));
    }

    [Function("GetMyClaimsMetrics")]
    [Tags("Seller")]
    [EndpointSummary("Claims rate and reputation impacts over 30, 60 and 90 days (seller)")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Ok<ClaimMetricsView>, ProblemHttpResult>> GetMyClaimsMetrics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/seller/claims-metrics")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CallerAccessor.Require(request.HttpContext) is not { Role: CallerRole.Seller, Marketplace.Length: > 0 } seller)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Claims metrics belong to sellers (with a marketplace claim).");
        }

        var now = time.GetUtcNow();
        var since = now.AddDays(ClaimMetricsWindow.StandardDays.Max() * -1);
        var opened = await claims.ListOpenedSinceAsync(seller.Marketplace!, seller.PartyId, since, cancellationToken).ConfigureAwait(false);
        var orders = await inbox.OrdersSinceAsync(seller.Marketplace!, seller.PartyId, since, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ClaimMetricsView([.. ClaimMetricsWindow.StandardDays.Select(days => ClaimMetricsWindow.For(days, now, opened, orders))]));
    }

    [Function("GetClaimStates")]
    [EndpointSummary("The claim state machine: states, which are final, and every legal transition with who may make it and until when")]
    public static Ok<ClaimStatesView> GetClaimStates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/claims/states")] HttpRequest request) =>
        TypedResults.Ok(new ClaimStatesView(
            [.. Enum.GetValues<ClaimState>().Select(s => new ClaimStateView(ClaimStateMachine.Name(s), ClaimStateMachine.IsFinal(s)))],
            [.. ClaimStateMachine.Transitions.Select(t => new ClaimTransitionView(
                ClaimStateMachine.Name(t.From), ClaimStateMachine.Name(t.Action), [.. t.Actors.Select(ClaimStateMachine.Name)],
                ClaimStateMachine.Name(t.To), t.BeforeDueOnly ? "before_due" : t.AfterDueOnly ? "after_due" : "any_time"))]));

    private static T? ParseName<T>(string? value, string field, Dictionary<string, string[]> errors, bool optional = false)
        where T : struct, Enum
    {
        if (value is null && optional)
        {
            return null;
        }

        if (ClaimNames.TryParse<T>(value, out var parsed))
        {
            return parsed;
        }

        errors[field] = [$"Must be one of: {string.Join(", ", ClaimNames.All<T>())}."];
        return null;
    }
}
