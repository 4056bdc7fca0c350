using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>Admins' functions on conversations: the privileged-read audit log and the queue of held messages.</summary>
[Authorize]
[Tags("Admin")]
internal sealed class ModerationFunctions(AdminAuditLog audit, HeldMessageIndex heldIndex, ConversationStore conversations, ModerationDecisions decisions)
{
    [Function("ListConversationAudit")]
    [QueryParameter("limit", typeof(int), "How many of the latest entries.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<AuditEntryView[]>, ProblemHttpResult>> ListConversationAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/conversations/{id}/audit")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        ConversationEndpoints.AuditAsync(id, request.HttpContext, audit, RequestQuery.Int(request, "limit"), cancellationToken);

    [Function("ListHeldMessages")]
    [QueryParameter("marketplace", typeof(string), "Only this marketplace's held messages.")]
    [QueryParameter("limit", typeof(int), "Page size.")]
    [QueryParameter("cursor", typeof(string), "'nextCursor' of the previous page, unchanged.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<HeldMessagePage>, ProblemHttpResult>> ListHeldMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/held-messages")] HttpRequest request, CancellationToken cancellationToken) =>
        ModerationEndpoints.ListHeldAsync(
            request.HttpContext, heldIndex, conversations, RequestQuery.String(request, "marketplace"), RequestQuery.String(request, "cursor"),
            RequestQuery.Int(request, "limit"), cancellationToken);

    [Function("ApproveHeldMessage")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public Task<Results<Ok<MessageView>, ProblemHttpResult>> ApproveHeldMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/conversations/{id}/messages/{messageId:long}/approve")] HttpRequest request,
        string id, long messageId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ModerationEndpoints.ApproveAsync(id, messageId, request.HttpContext, durable, decisions, cancellationToken);

    [Function("RejectHeldMessage")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public Task<Results<Ok<MessageView>, ProblemHttpResult>> RejectHeldMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/conversations/{id}/messages/{messageId:long}/reject")] HttpRequest request,
        string id, long messageId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ModerationEndpoints.RejectAsync(id, messageId, request.HttpContext, durable, decisions, cancellationToken);
}
