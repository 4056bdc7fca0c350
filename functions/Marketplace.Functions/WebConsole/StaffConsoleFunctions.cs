using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.WebConsole;

/// <summary>Marketplace staff's console pages: the messages the content policy held, to approve or reject (admins, as in the API).</summary>
[AllowAnonymous]
[ExcludeFromDescription]
internal sealed class StaffConsoleFunctions(ConsoleSession session, HeldMessageIndex heldIndex, ConversationStore conversations, ModerationDecisions decisions)
{
    [Function("ConsoleHeldMessages")]
    public Task<IResult> HeldMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/held")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, caller => PageAsync(request.HttpContext, caller, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ConsoleApproveHeldMessage")]
    public Task<IResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/held/{id}/{messageId:long}/approve")] HttpRequest request,
        string id, long messageId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
            await DecidedAsync(request.HttpContext, caller, "approved and delivered",
                await ModerationEndpoints.ApproveAsync(id, messageId, request.HttpContext, durable, decisions, cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false));

    [Function("ConsoleRejectHeldMessage")]
    public Task<IResult> Reject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/held/{id}/{messageId:long}/reject")] HttpRequest request,
        string id, long messageId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
            await DecidedAsync(request.HttpContext, caller, "rejected",
                await ModerationEndpoints.RejectAsync(id, messageId, request.HttpContext, durable, decisions, cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false));

    private Task<IResult> DecidedAsync(HttpContext http, Caller caller, string outcome, Results<Ok<MessageView>, ProblemHttpResult> decided, CancellationToken cancellationToken) =>
        decided.Result switch
        {
            Ok<MessageView> { Value: { } message } => PageAsync(http, caller, ConsoleHtml.Status($"Message {message.Id} {outcome}."), StatusCodes.Status200OK, cancellationToken),
            ProblemHttpResult refused => PageAsync(http, caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode, cancellationToken),
            _ => throw new InvalidOperationException("A decision answered something the console does not know."),
        };

    private async Task<IResult> PageAsync(HttpContext http, Caller caller, string? notice, int status, CancellationToken cancellationToken)
    {
        var listed = await ModerationEndpoints.ListHeldAsync(http, heldIndex, conversations, null, null, 100, cancellationToken).ConfigureAwait(false);
        return listed.Result switch
        {
            Ok<HeldMessagePage> { Value: { } page } => ConsoleHtml.Page("Held messages", caller, HeldHtml.Render(page.Items, notice), status),
            ProblemHttpResult refused => ConsoleHtml.Page("Held messages", caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode),
            _ => throw new InvalidOperationException("The held messages answered something the console does not know."),
        };
    }
}
