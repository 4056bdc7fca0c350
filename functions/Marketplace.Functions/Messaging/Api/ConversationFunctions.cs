using Marketplace.Functions.EventsOut;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>
/// The conversations API as HTTP functions: each binds its route, query and body, then runs the endpoint logic. Every
/// function requires a bearer token (the fallback policy: a caller with a known role and a party id).
/// </summary>
[Authorize]
[Tags("Conversations")]
internal sealed class ConversationFunctions(
    ConversationAccess access, ConversationStore conversations, ConversationEvents events, InboxProjector inbox, AdminAuditLog audit,
    AttachmentBlobStore blobs, PartySettingsStore settings, MarketplaceProfiles profiles, TranslatedViews translated, MarketplaceEventOutbox outbox,
    TimeProvider time, Templates.TemplateSends templates)
{
    [Function("ListInbox")]
    [EndpointSummary("My conversations, newest first")]
    [QueryParameter("filter", typeof(string), "all (default), awaiting-reply (awaiting my reply) or unread (unread by me).", OneOf = "all|awaiting-reply|unread")]
    [QueryParameter("counterpart", typeof(string), "Only conversations with this buyer (for a seller) or seller (for a buyer).")]
    [QueryParameter("createdFrom", typeof(DateTimeOffset), "Only conversations begun at or after this time (ISO 8601 with an offset).")]
    [QueryParameter("createdTo", typeof(DateTimeOffset), "Only conversations begun before this time (ISO 8601 with an offset).")]
    [QueryParameter("limit", typeof(int), "Page size, 1-100 (default 20).")]
    [QueryParameter("cursor", typeof(string), "'nextCursor' of the previous page, unchanged.")]
    [QueryParameter("role", typeof(string), "Admins only: whose inbox, buyer or seller.", OneOf = "buyer|seller")]
    [QueryParameter("partyId", typeof(string), "Admins only: the buyer's or seller's id.")]
    [QueryParameter("marketplace", typeof(string), "Admins only: the party's marketplace.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<InboxPage>, ProblemHttpResult>> ListInbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/inbox")] HttpRequest request, CancellationToken cancellationToken) =>
        InboxEndpoints.ListAsync(
            request.HttpContext, inbox, audit, profiles, time,
            RequestQuery.String(request, "filter"), RequestQuery.Int(request, "limit"), RequestQuery.String(request, "cursor"),
            RequestQuery.String(request, "role"), RequestQuery.String(request, "partyId"), RequestQuery.String(request, "marketplace"),
            cancellationToken,
            new InboxCriteria(
                RequestQuery.String(request, "counterpart"), RequestQuery.Timestamp(request, "createdFrom"), RequestQuery.Timestamp(request, "createdTo")));

    [Function("ListMarketplaceInbox")]
    [EndpointSummary("My marketplace's conversations across its sellers (marketplace; admins name one), seller by seller, newest first")]
    [QueryParameter("seller", typeof(string), "Only this seller's conversations (then: newest first).")]
    [QueryParameter("buyer", typeof(string), "Only conversations with this buyer.")]
    [QueryParameter("filter", typeof(string), "all (default), awaiting-reply (awaiting the seller's reply) or unread (unread by the seller).", OneOf = "all|awaiting-reply|unread")]
    [QueryParameter("createdFrom", typeof(DateTimeOffset), "Only conversations begun at or after this time (ISO 8601 with an offset).")]
    [QueryParameter("createdTo", typeof(DateTimeOffset), "Only conversations begun before this time (ISO 8601 with an offset).")]
    [QueryParameter("limit", typeof(int), "Page size, 1-100 (default 20).")]
    [QueryParameter("cursor", typeof(string), "'nextCursor' of the previous page, unchanged (with the same filters).")]
    [QueryParameter("marketplace", typeof(string), "Admins only (required for them): the marketplace.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<MarketplaceInboxPage>, ProblemHttpResult>> ListMarketplaceInbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/marketplace/inbox")] HttpRequest request, CancellationToken cancellationToken) =>
        MarketplaceInboxEndpoints.ListAsync(
            request.HttpContext, inbox, audit, profiles, time,
            new MarketplaceInboxQuery(
                RequestQuery.String(request, "marketplace"), RequestQuery.String(request, "seller"), RequestQuery.String(request, "buyer"),
                RequestQuery.String(request, "filter"), RequestQuery.Timestamp(request, "createdFrom"), RequestQuery.Timestamp(request, "createdTo"),
                RequestQuery.Int(request, "limit"), RequestQuery.String(request, "cursor")),
            cancellationToken);

    [Function("GetOrderConversation")]
    [EndpointSummary("The conversation of an order on my marketplace (admins name the marketplace)")]
    [QueryParameter("marketplace", typeof(string), "Admins only (required for them): the order's marketplace.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetOrderConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders/{orderId}/conversation")] HttpRequest request, string orderId,
        CancellationToken cancellationToken) =>
        ConversationEndpoints.GetByOrderAsync(orderId, RequestQuery.String(request, "marketplace"), request.HttpContext, access, cancellationToken);

    [Function("GetConversation")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Ok<ConversationView>> GetConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/conversations/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        ConversationEndpoints.GetAsync(id, request.HttpContext, access, cancellationToken);

    [Function("MarkConversationRead")]
    [Consumes(typeof(MarkReadRequest), "application/json", IsOptional = true)]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<ConversationView>, ProblemHttpResult>> MarkConversationRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/conversations/{id}/read")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        await ConversationEndpoints.MarkReadAsync(
            id, await JsonBody.ReadAsync<MarkReadRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, access,
            conversations, inbox, outbox, time, cancellationToken).ConfigureAwait(false);

    [Function("ListMessages")]
    [EndpointSummary("Messages, oldest first (or newest first with ?order=newest-first)")]
    [QueryParameter("order", typeof(string), "oldest-first (default) or newest-first.", OneOf = "oldest-first|newest-first")]
    [QueryParameter("limit", typeof(int), "Page size, 1-200 (default 50).")]
    [QueryParameter("cursor", typeof(string), "'nextCursor' of the previous page, unchanged (with the same order).")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<Ok<MessagePage>, ProblemHttpResult>> ListMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/conversations/{id}/messages")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        MessageEndpoints.ListAsync(
            id, RequestQuery.String(request, "cursor"), RequestQuery.Int(request, "limit"), request.HttpContext, access, conversations,
            translated, cancellationToken, RequestQuery.String(request, "order"));

    [Function("GetMessage")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<Ok<MessageView>, ProblemHttpResult>> GetMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/conversations/{id}/messages/{messageId:long}")] HttpRequest request,
        string id, long messageId, CancellationToken cancellationToken) =>
        MessageEndpoints.GetAsync(id, messageId, request.HttpContext, access, conversations, translated, cancellationToken);

    [Function("SendMessage")]
    [Consumes(typeof(SendMessageRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    public async Task<Results<Created<MessageView>, Accepted<MessageView>, ProblemHttpResult>> SendMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/conversations/{id}/messages")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        await MessageEndpoints.SendAsync(
            id, await JsonBody.ReadAsync<SendMessageRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, durable,
            access, events, profiles, translated, time, cancellationToken, templates).ConfigureAwait(false);

    // Any Content-Type is accepted on purpose: the type is decided from the bytes, never from what the client says.
    [Function("UploadAttachment")]
    [RawBody("The file's bytes as the whole body (not a multipart form), e.g. curl --data-binary @invoice.pdf. Its type is decided from the bytes.")]
    [QueryParameter("fileName", typeof(string), "The file's name, as the recipient will see it.")]
    [EndpointSummary("Upload a file (the raw bytes as the body, ?fileName=…); send its id with a message")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status413PayloadTooLarge)]
    [ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    public Task<Results<Created<AttachmentView>, ProblemHttpResult>> UploadAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/conversations/{id}/attachments")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        AttachmentEndpoints.UploadAsync(
            id, RequestQuery.String(request, "fileName"), request.HttpContext, access, conversations, blobs, profiles, time, cancellationToken);

    [Function("DownloadAttachment")]
    [ProducesResponseType<Stream>(StatusCodes.Status200OK, "application/octet-stream")] // the file's bytes, with its sniffed Content-Type
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/conversations/{id}/attachments/{attachmentId}")] HttpRequest request,
        string id, string attachmentId, CancellationToken cancellationToken) =>
        AttachmentEndpoints.DownloadAsync(id, attachmentId, request.HttpContext, access, conversations, blobs, cancellationToken);

    [Function("GetMyPreferences")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<BuyerPreferences>, ProblemHttpResult>> GetMyPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me/preferences")] HttpRequest request, CancellationToken cancellationToken) =>
        PreferencesEndpoints.GetAsync(request.HttpContext, settings, cancellationToken);

    [Function("SetMyPreferences")]
    [Consumes(typeof(BuyerPreferencesRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Ok<BuyerPreferences>, ProblemHttpResult>> SetMyPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/me/preferences")] HttpRequest request, CancellationToken cancellationToken) =>
        await PreferencesEndpoints.PutAsync(
            await JsonBody.ReadAsync<BuyerPreferencesRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, settings,
            cancellationToken).ConfigureAwait(false);
}
