using Marketplace.Functions.EventsOut;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Outbound;
using Marketplace.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Deadlines;

/// <summary>A seller's functions: deadlines, response metrics, reminder webhook settings and away periods, and "no reply needed".</summary>
[Authorize]
[Tags("Seller")]
internal sealed class SellerFunctions(
    ReplyDeadlineStore deadlines, PartySettingsStore settings, WebhookDestinationPolicy destinations, ConversationAccess access,
    ConversationStore conversations, InboxProjector inbox, MarketplaceEventOutbox outbox, TimeProvider time)
{
    [Function("MarkNoResponseNeeded")]
    [Tags("Conversations")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public Task<Results<Ok<ConversationView>, ProblemHttpResult>> MarkNoResponseNeeded(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/conversations/{id}/no-response-needed")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        SellerEndpoints.NoResponseNeededAsync(id, request.HttpContext, durable, access, conversations, inbox, outbox, time, cancellationToken);

    [Function("ListMyDeadlines")]
    [EndpointSummary("My open reply deadlines, soonest first")]
    [QueryParameter("limit", typeof(int), "Page size, 1-200 (default 50).")]
    [QueryParameter("cursor", typeof(string), "'nextCursor' of the previous page, unchanged.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<DeadlinePage>, ProblemHttpResult>> ListMyDeadlines(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/seller/deadlines")] HttpRequest request, CancellationToken cancellationToken) =>
        SellerEndpoints.ListDeadlinesAsync(
            request.HttpContext, deadlines, time, RequestQuery.Int(request, "limit"), RequestQuery.String(request, "cursor"), cancellationToken);

    [Function("GetMyResponseMetrics")]
    [EndpointSummary("Late response rate and response times over 7, 30 and 90 days")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<SellerMetricsView>, ProblemHttpResult>> GetMyResponseMetrics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/seller/metrics")] HttpRequest request, CancellationToken cancellationToken) =>
        SellerEndpoints.MetricsAsync(request.HttpContext, deadlines, time, cancellationToken);

    [Function("GetMySellerSettings")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<SellerSettingsView>, ProblemHttpResult>> GetMySellerSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/seller/settings")] HttpRequest request, CancellationToken cancellationToken) =>
        SellerEndpoints.GetSettingsAsync(request.HttpContext, settings, cancellationToken);

    [Function("SetMySellerSettings")]
    [Consumes(typeof(SellerSettingsRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Ok<SellerSettingsView>, ProblemHttpResult>> SetMySellerSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/seller/settings")] HttpRequest request, CancellationToken cancellationToken) =>
        await SellerEndpoints.PutSettingsAsync(
            await JsonBody.ReadAsync<SellerSettingsRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, settings,
            destinations, cancellationToken).ConfigureAwait(false);

    [Function("ListMyVacations")]
    [EndpointSummary("My away periods, earliest first")]
    [QueryParameter("limit", typeof(int), "Page size, 1-200 (default 50).")]
    [QueryParameter("cursor", typeof(string), "'nextCursor' of the previous page, unchanged.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<VacationPage>, ProblemHttpResult>> ListMyVacations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/seller/vacations")] HttpRequest request, CancellationToken cancellationToken) =>
        SellerEndpoints.ListVacationsAsync(
            request.HttpContext, settings, RequestQuery.Int(request, "limit"), RequestQuery.String(request, "cursor"), cancellationToken);

    [Function("AddVacation")]
    [Consumes(typeof(VacationRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Created<VacationView>, ProblemHttpResult>> AddVacation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/seller/vacations")] HttpRequest request, CancellationToken cancellationToken) =>
        await SellerEndpoints.AddVacationAsync(
            await JsonBody.ReadAsync<VacationRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, settings,
            cancellationToken).ConfigureAwait(false);

    [Function("DeleteVacation")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<NoContent, ProblemHttpResult>> DeleteVacation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/seller/vacations/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        SellerEndpoints.DeleteVacationAsync(id, request.HttpContext, settings, cancellationToken);
}
