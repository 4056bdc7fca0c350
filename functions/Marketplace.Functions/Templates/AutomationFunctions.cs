using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Storage.Templates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Templates;

/// <summary>A seller's automations as HTTP functions.</summary>
[Authorize]
[Tags("Templates")]
internal sealed class AutomationFunctions(AutomationStore store, TemplateStore templates, TimeProvider time)
{
    [Function("ListAutomations")]
    [EndpointSummary("My automations (seller)")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Ok<AutomationPage>> ListAutomations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/automations")] HttpRequest request, CancellationToken cancellationToken) =>
        AutomationEndpoints.ListAsync(request.HttpContext, store, cancellationToken);

    [Function("CreateAutomation")]
    [EndpointSummary("Send a template after an order event, with a delay (seller)")]
    [Consumes(typeof(AutomationRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Created<AutomationView>, ProblemHttpResult>> CreateAutomation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/automations")] HttpRequest request, CancellationToken cancellationToken) =>
        await AutomationEndpoints.CreateAsync(
            await JsonBody.ReadAsync<AutomationRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, store, templates, time,
            cancellationToken).ConfigureAwait(false);

    [Function("GetAutomation")]
    [QueryParameter("version", typeof(int), "An earlier version (default: the current one); an automated message names the version that sent it.")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<Ok<AutomationView>, ProblemHttpResult>> GetAutomation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/automations/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        AutomationEndpoints.GetAsync(id, RequestQuery.Int(request, "version"), request.HttpContext, store, cancellationToken);

    [Function("UpdateAutomation")]
    [EndpointSummary("Edit an automation (template, event, delay, variables): saved as its next version; sends already waiting use it as it is when due")]
    [Consumes(typeof(AutomationRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<AutomationView>, ProblemHttpResult>> UpdateAutomation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/automations/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        await AutomationEndpoints.UpdateAsync(
            id, await JsonBody.ReadAsync<AutomationRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, store, templates,
            cancellationToken).ConfigureAwait(false);

    [Function("PauseAutomation")]
    [EndpointSummary("Pause: nothing more is sent until resumed (sends already waiting are skipped when due)")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<Ok<AutomationView>, ProblemHttpResult>> PauseAutomation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/automations/{id}/pause")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        AutomationEndpoints.SetPausedAsync(id, paused: true, request.HttpContext, store, cancellationToken);

    [Function("ResumeAutomation")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<Ok<AutomationView>, ProblemHttpResult>> ResumeAutomation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/automations/{id}/resume")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        AutomationEndpoints.SetPausedAsync(id, paused: false, request.HttpContext, store, cancellationToken);

    [Function("DeleteAutomation")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public Task<Results<NoContent, ProblemHttpResult>> DeleteAutomation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/automations/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        AutomationEndpoints.DeleteAsync(id, request.HttpContext, store, cancellationToken);
}
