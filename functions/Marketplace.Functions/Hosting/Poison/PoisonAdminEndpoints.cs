using Marketplace.Functions.Errors;
using Marketplace.Functions.Security;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Admin API for dead-lettered queue messages, by source queue name:
/// GET /api/admin/poison/{queue}[?includeBody=true], POST /api/admin/poison/{queue}/{messageId}/requeue,
/// POST /api/admin/poison/{queue}/requeue-all. Admin role only.
/// </summary>
internal static class PoisonAdminEndpoints
{
    public static IEndpointRouteBuilder MapPoisonAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin/poison").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin");
        group.MapGet("/{queue}", ListAsync).WithName("ListPoisonMessages").Produces<PoisonQueueView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Lists the first 32 messages of a queue's poison queue, with why each failed (the body only with includeBody=true).");
        group.MapPost("/{queue}/{messageId}/requeue", RequeueAsync).WithName("RequeuePoisonMessage").Produces<RequeueResult>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Moves one poison message back to its source queue.");
        group.MapPost("/{queue}/requeue-all", RequeueAllAsync).WithName("RequeueAllPoisonMessages").Produces<RequeueResult>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Moves every poison message back to its source queue.");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(
        string queue, bool? includeBody, FunctionRegistry registry, PoisonQueueAdmin admin, CancellationToken cancellationToken)
    {
        if (registry.FindByQueue(queue) is not { } function)
        {
            return UnknownQueue(queue, registry);
        }

        var view = await admin.ListAsync(function, includeBody == true, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(view, AdminJsonContext.Default.PoisonQueueView);
    }

    private static async Task<IResult> RequeueAsync(
        string queue, string messageId, HttpContext http, FunctionRegistry registry, PoisonQueueAdmin admin, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (registry.FindByQueue(queue) is not { } function)
        {
            return UnknownQueue(queue, registry);
        }

        if (!await admin.RequeueAsync(function, messageId, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "poison_message_not_found", "No such poison message.",
                $"Message '{messageId}' is not among the first {PoisonQueueAdmin.PageSize} visible messages of {function.PoisonQueueName}. List the queue and retry.");
        }

        Log.Requeued(loggers.CreateLogger(typeof(PoisonAdminEndpoints)), Caller.FromPrincipal(http.User)?.PartyId ?? "?", 1, function.PoisonQueueName, queue);
        return TypedResults.Json(new RequeueResult(queue, 1), AdminJsonContext.Default.RequeueResult);
    }

    private static async Task<IResult> RequeueAllAsync(
        string queue, HttpContext http, FunctionRegistry registry, PoisonQueueAdmin admin, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (registry.FindByQueue(queue) is not { } function)
        {
            return UnknownQueue(queue, registry);
        }

        var count = await admin.RequeueAllAsync(function, cancellationToken).ConfigureAwait(false);
        Log.Requeued(loggers.CreateLogger(typeof(PoisonAdminEndpoints)), Caller.FromPrincipal(http.User)?.PartyId ?? "?", count, function.PoisonQueueName, queue);
        return TypedResults.Json(new RequeueResult(queue, count), AdminJsonContext.Default.RequeueResult);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownQueue(string queue, FunctionRegistry registry) =>
        Problems.Create(StatusCodes.Status404NotFound, "unknown_queue", "No such queue.",
            $"'{queue}' is not the queue of any queue function. Known: {string.Join(", ", registry.Queue.Select(f => f.QueueName))}.");
}
