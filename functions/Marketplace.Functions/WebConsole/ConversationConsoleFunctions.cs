using Marketplace.Domain.Profiles;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Security;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.WebConsole;

/// <summary>
/// A buyer's or seller's console pages: the inbox (awaiting my reply first, with live deadlines for a seller), a
/// conversation with its reply box, the policy check and sending. Each calls the same endpoint code as the API, so a
/// party sees and may do exactly what the API allows.
/// </summary>
[AllowAnonymous]
[ExcludeFromDescription]
internal sealed class ConversationConsoleFunctions(
    ConsoleSession session, ReplyCheck replyCheck, ConversationAccess access, ConversationStore conversations, ConversationEvents events,
    InboxProjector inbox, AdminAuditLog audit, MarketplaceProfiles profiles, TranslatedViews translated, ReplyDeadlineStore deadlines, AttachmentBlobStore blobs, TimeProvider time)
{
    [Function("ConsoleInbox")]
    public Task<IResult> Inbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/inbox")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var http = request.HttpContext;
            var listed = await InboxEndpoints.ListAsync(
                http, inbox, audit, profiles, time, "all", InboxEndpoints.MaxLimit, null, null, null, null, cancellationToken).ConfigureAwait(false);
            if (listed.Result is ProblemHttpResult refused)
            {
                return ConsoleHtml.Page("Inbox", caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode);
            }

            var open = new Dictionary<string, OpenDeadlineView>(StringComparer.Ordinal);
            if (caller.Role == CallerRole.Seller
                && (await SellerEndpoints.ListDeadlinesAsync(http, deadlines, time, 200, null, cancellationToken).ConfigureAwait(false)).Result is Ok<DeadlinePage> { Value: { } page })
            {
                foreach (var deadline in page.Items)
                {
                    open[deadline.ConversationId] = deadline;
                }
            }

            var offsets = caller.Marketplace is { } marketplace ? profiles.Get(marketplace).ReplyDeadline.ReminderOffsets : [];
            var urgentUnder = offsets.Count > 0 ? offsets.Min() : TimeSpan.Zero;
            var entries = ((Ok<InboxPage>)listed.Result).Value!.Items;
            return ConsoleHtml.Page("Inbox", caller, InboxHtml.Render(entries, open, urgentUnder, time.GetUtcNow()));
        });

    [Function("ConsoleConversation")]
    public Task<IResult> Conversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/conversations/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, caller => ConversationPageAsync(request.HttpContext, caller, id, null, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ConsoleCheckReply")]
    public Task<IResult> CheckReply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/conversations/{id}/check")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var form = await ConsoleRequests.FormAsync(request, cancellationToken).ConfigureAwait(false);
            IResult result = TypedResults.Ok(await replyCheck.CheckAsync(caller, id, form["text"].ToString(), null, cancellationToken).ConfigureAwait(false));
            return result;
        });

    [Function("ConsoleSendReply")]
    public Task<IResult> SendReply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/conversations/{id}/reply")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var http = request.HttpContext;
            var text = (await ConsoleRequests.FormAsync(request, cancellationToken).ConfigureAwait(false))["text"].ToString();
            var sent = await MessageEndpoints.SendAsync(
                id, new SendMessageRequest(text, null, null), http, durable, access, events, profiles, translated, time, cancellationToken).ConfigureAwait(false);
            return sent.Result switch
            {
                Created<MessageView> => TypedResults.Redirect($"/console/conversations/{Uri.EscapeDataString(id)}"),
                Accepted<MessageView> => await ConversationPageAsync(http, caller, id, null,
                    ConsoleHtml.Status("Your message is held until an administrator reviews it."), StatusCodes.Status202Accepted, cancellationToken).ConfigureAwait(false),
                ProblemHttpResult refused => await ConversationPageAsync(http, caller, id, text,
                    ConsoleHtml.Alert("Not sent: " + ConsoleRequests.Describe(refused)), refused.StatusCode, cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException("Sending answered something the console does not know."),
            };
        });

    [Function("ConsoleDownloadAttachment")]
    public Task<IResult> DownloadAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/conversations/{id}/attachments/{attachmentId}")] HttpRequest request,
        string id, string attachmentId, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            // The API's download (same visibility rule; the file's own type, nosniff, as an attachment to save, never shown inline).
            var download = await AttachmentEndpoints.DownloadAsync(id, attachmentId, request.HttpContext, access, conversations, blobs, cancellationToken)
                .ConfigureAwait(false);
            return download.Result is ProblemHttpResult refused
                ? ConsoleHtml.Page("Attachment", caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode)
                : download.Result;
        });

    private async Task<IResult> ConversationPageAsync(
        HttpContext http, Caller caller, string id, string? draft, string? notice, int status, CancellationToken cancellationToken)
    {
        var conversation = (await ConversationEndpoints.GetAsync(id, http, access, cancellationToken).ConfigureAwait(false)).Value!;
        var listed = await MessageEndpoints.ListAsync(id, null, MessageEndpoints.MaxLimit, http, access, conversations, translated, cancellationToken)
            .ConfigureAwait(false);
        if (listed.Result is ProblemHttpResult refused)
        {
            return ConsoleHtml.Page("Conversation", caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode);
        }

        var myRole = caller.Role switch
        {
            CallerRole.Buyer => "buyer",
            CallerRole.Seller => "seller",
            _ => null,
        };
        var title = conversation.OrderId is { } order ? $"Order {order}" : conversation.Id;
        var messages = ((Ok<MessagePage>)listed.Result).Value!.Items;
        var content = ConversationHtml.Render(conversation, messages, myRole, draft, notice);
        if (caller.Role == CallerRole.Admin
            && (await ConversationEndpoints.AuditAsync(id, http, audit, 100, cancellationToken).ConfigureAwait(false)).Result is Ok<AuditEntryView[]> { Value: { } entries })
        {
            content += AuditHtml.Render(entries);
        }

        return ConsoleHtml.Page(title, caller, content, status);
    }
}
