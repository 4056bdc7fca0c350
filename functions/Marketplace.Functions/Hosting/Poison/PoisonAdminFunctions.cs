using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Admin API for dead-lettered queue messages, by source queue name:
/// GET /api/admin/poison/{queue}[?includeBody=true], POST /api/admin/poison/{queue}/{messageId}/requeue,
/// POST /api/admin/poison/{queue}/requeue-all. Admin role only.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
[Tags("Admin")]
internal sealed class PoisonAdminFunctions(FunctionRegistry registry, PoisonQueueAdmin admin, ILogger<PoisonAdminFunctions> logger)
{
    [Function("ListPoisonMessages")]
    [QueryParameter("includeBody", typeof(bool), "true: include each message's body.")]
    [EndpointSummary("Lists the first 32 messages of a queue's poison queue, with why each failed (the body only with includeBody=true).")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<PoisonQueueView>, ProblemHttpResult>> ListPoisonMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/poison/{queue}")] HttpRequest request, string queue,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (registry.FindByQueue(queue) is not { } function)
        {
            return UnknownQueue(queue);
        }

        var view = await admin.ListAsync(function, RequestQuery.Bool(request, "includeBody") == true, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(view);
    }

    [Function("RequeuePoisonMessage")]
    [EndpointSummary("Moves one poison message back to its source queue.")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<RequeueResult>, ProblemHttpResult>> RequeuePoisonMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/poison/{queue}/{messageId}/requeue")] HttpRequest request,
        string queue, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (registry.FindByQueue(queue) is not { } function)
        {
            return UnknownQueue(queue);
        }

        if (!await admin.RequeueAsync(function, messageId, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "poison_message_not_found", "No such poison message.",
                $"Message '{messageId}' is not among the first {PoisonQueueAdmin.PageSize} visible messages of {function.PoisonQueueName}. List the queue and retry.");
        }

        HostingLog.Requeued(logger, Caller.FromPrincipal(request.HttpContext.User)?.PartyId ?? "?", 1, function.PoisonQueueName, queue);
        return TypedResults.Ok(new RequeueResult(queue, 1));
    }

    [Function("RequeueAllPoisonMessages")]
    [EndpointSummary("Moves every poison message back to its source queue.")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<RequeueResult>, ProblemHttpResult>> RequeueAllPoisonMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/poison/{queue}/requeue-all")] HttpRequest request, string queue,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (registry.FindByQueue(queue) is not { } function)
        {
            return UnknownQueue(queue);
        }

        var count = await admin.RequeueAllAsync(function, cancellationToken).ConfigureAwait(false);
        HostingLog.Requeued(logger, Caller.FromPrincipal(request.HttpContext.User)?.PartyId ?? "?", count, function.PoisonQueueName, queue);
        return TypedResults.Ok(new RequeueResult(queue, count));
    }

    private ProblemHttpResult UnknownQueue(string queue) =>
        Problems.Create(StatusCodes.Status404NotFound, "unknown_queue", "No such queue.",
            $"'{queue}' is not the queue of any queue function. Known: {string.Join(", ", registry.Queue.Select(f => f.QueueName))}.");
}
