using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Marketplace.Storage.Refunds;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Refunds;

/// <summary>
/// Finance's refund API (role finance; a token naming a marketplace sees only that marketplace's refunds): the queue of
/// refunds waiting for approval, oldest first; one refund; approve; reject with a reason.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Finance)]
[Tags("Refunds")]
internal sealed class RefundFunctions(RefundService service, RefundStore refunds)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [Function("ListPendingRefunds")]
    [QueryParameter("limit", typeof(int), "Page size, 1-100 (default 20).")]
    [QueryParameter("cursor", typeof(string), "nextCursor from the previous page.")]
    [EndpointSummary("Refunds waiting for finance's approval, oldest first (finance)")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Results<Ok<RefundPage>, ProblemHttpResult>> ListPendingRefunds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/finance/refunds")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = CallerAccessor.Require(request.HttpContext);
        var errors = new Dictionary<string, string[]>();
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

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (items, next) = await refunds.ListPendingAsync(caller.Marketplace, after, limit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new RefundPage([.. items.Select(RefundView.From)], next is null ? null : Cursor.Encode(next)));
    }

    [Function("GetRefund")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<RefundView>> GetRefund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/finance/refunds/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = CallerAccessor.Require(request.HttpContext);
        var refund = await refunds.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return refund is not null && RefundService.Sees(caller.Marketplace, refund) ? TypedResults.Ok(RefundView.From(refund)) : throw RefundService.NotFound(id);
    }

    [Function("ApproveRefund")]
    [EndpointSummary("Approve a refund (above the four-eyes amount, a second different approver must approve too)")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public Task<Ok<RefundView>> ApproveRefund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/finance/refunds/{id}/approve")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        DecideAsync(request, id, approve: true, null, durable, cancellationToken);

    [Function("RejectRefund")]
    [EndpointSummary("Reject a refund with a reason: the claim goes back to mediation")]
    [Consumes(typeof(RejectRefundRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Ok<RefundView>> RejectRefund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/finance/refunds/{id}/reject")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await JsonBody.ReadAsync<RejectRefundRequest>(request, cancellationToken).ConfigureAwait(false);
        return await DecideAsync(request, id, approve: false, body?.Reason, durable, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<Ok<RefundView>> DecideAsync(
        HttpRequest request, string id, bool approve, string? reason, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = CallerAccessor.Require(request.HttpContext);
        if (await refunds.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } refund || !RefundService.Sees(caller.Marketplace, refund))
        {
            throw RefundService.NotFound(id);
        }

        var after = await service.DecideAsync(id, approve, caller.PartyId, null, reason, durable, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(RefundView.From(after));
    }
}
