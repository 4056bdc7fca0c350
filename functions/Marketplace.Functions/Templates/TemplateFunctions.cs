using Marketplace.ContentPolicy;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Storage.Templates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Templates;

/// <summary>Message templates as HTTP functions: a marketplace writes its own, a seller writes theirs and reads both.</summary>
[Authorize]
[Tags("Templates")]
internal sealed class TemplateFunctions(TemplateStore store, ContentPolicyEngine policy, MarketplaceProfiles profiles, TimeProvider time)
{
    [Function("ListTemplates")]
    [EndpointSummary("The templates I may use: my marketplace's, and (sellers) my own")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Ok<TemplatePage>> ListTemplates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/templates")] HttpRequest request, CancellationToken cancellationToken) =>
        TemplateEndpoints.ListAsync(request.HttpContext, store, cancellationToken);

    [Function("GetTemplate")]
    [QueryParameter("version", typeof(int), "An earlier version (default: the current one); a sent message names the version it used.")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/templates/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        TemplateEndpoints.GetAsync(id, RequestQuery.Int(request, "version"), request.HttpContext, store, cancellationToken);

    [Function("CreateTemplate")]
    [EndpointSummary("Create a template (marketplace: the marketplace's; seller: my own, checked by the content policy)")]
    [Consumes(typeof(TemplateRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    public async Task<Results<Created<TemplateView>, ProblemHttpResult>> CreateTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/templates")] HttpRequest request, CancellationToken cancellationToken) =>
        await TemplateEndpoints.CreateAsync(
            await JsonBody.ReadAsync<TemplateRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, store, policy, profiles,
            time, cancellationToken).ConfigureAwait(false);

    [Function("UpdateTemplate")]
    [EndpointSummary("Edit a template: saved as its next version (messages already sent keep theirs)")]
    [Consumes(typeof(TemplateRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    public async Task<Results<Ok<TemplateView>, ProblemHttpResult>> UpdateTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/templates/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        await TemplateEndpoints.UpdateAsync(
            id, await JsonBody.ReadAsync<TemplateRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, store, policy,
            profiles, time, cancellationToken).ConfigureAwait(false);

    [Function("DeleteTemplate")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<NoContent, ProblemHttpResult>> DeleteTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/templates/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        TemplateEndpoints.DeleteAsync(id, request.HttpContext, store, cancellationToken);
}
