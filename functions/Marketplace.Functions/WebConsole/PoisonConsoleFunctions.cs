using Marketplace.Functions.Hosting;
using Marketplace.Functions.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.WebConsole;

/// <summary>Admins' poison queues in the console: every queue function's dead letters, requeue one or all, through the poison admin API's functions.</summary>
[AllowAnonymous]
[ExcludeFromDescription]
internal sealed class PoisonConsoleFunctions(ConsoleSession session, FunctionRegistry registry)
{
    [Function("ConsolePoisonQueues")]
    public Task<IResult> PoisonQueues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/poison")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, caller => PageAsync(request, caller, null, cancellationToken));

    [Function("ConsoleRequeuePoisonMessage")]
    public Task<IResult> Requeue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/poison/{queue}/{messageId}/requeue")] HttpRequest request,
        string queue, string messageId, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller => caller.Role != CallerRole.Admin
            ? AdminsOnly(caller)
            : await OutcomeAsync(request, caller, (await Api(request).RequeuePoisonMessage(request, queue, messageId, cancellationToken).ConfigureAwait(false)).Result, cancellationToken)
                .ConfigureAwait(false));

    [Function("ConsoleRequeueAllPoisonMessages")]
    public Task<IResult> RequeueAll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/poison/{queue}/requeue-all")] HttpRequest request, string queue,
        CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller => caller.Role != CallerRole.Admin
            ? AdminsOnly(caller)
            : await OutcomeAsync(request, caller, (await Api(request).RequeueAllPoisonMessages(request, queue, cancellationToken).ConfigureAwait(false)).Result, cancellationToken)
                .ConfigureAwait(false));

    private Task<IResult> OutcomeAsync(HttpRequest request, Caller caller, IResult outcome, CancellationToken cancellationToken) => outcome switch
    {
        Ok<RequeueResult> { Value: { } done } => PageAsync(request, caller, ConsoleHtml.Status($"{done.Requeued} message(s) moved back to {done.Queue}."), cancellationToken),
        ProblemHttpResult refused => PageAsync(request, caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), cancellationToken),
        _ => throw new InvalidOperationException("Requeueing answered something the console does not know."),
    };

    private async Task<IResult> PageAsync(HttpRequest request, Caller caller, string? notice, CancellationToken cancellationToken)
    {
        if (caller.Role != CallerRole.Admin)
        {
            return AdminsOnly(caller);
        }

        var api = Api(request);
        var queues = new List<PoisonQueueView>();
        foreach (var function in registry.Queue)
        {
            if ((await api.ListPoisonMessages(request, function.QueueName, cancellationToken).ConfigureAwait(false)).Result is Ok<PoisonQueueView> { Value: { } view })
            {
                queues.Add(view);
            }
        }

        return ConsoleHtml.Page("Poison queues", caller, PoisonHtml.Render(queues, notice));
    }

    // The poison admin API's functions (admins only there by policy; here by the checks above).
    private static PoisonAdminFunctions Api(HttpRequest request) => ActivatorUtilities.CreateInstance<PoisonAdminFunctions>(request.HttpContext.RequestServices);

    private static IResult AdminsOnly(Caller caller) =>
        ConsoleHtml.Page("Poison queues", caller, ConsoleHtml.Alert("Poison queues are for admins: sign in with an admin token."), StatusCodes.Status403Forbidden);
}
