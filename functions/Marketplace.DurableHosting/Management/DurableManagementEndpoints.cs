using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.DurableHosting.Management;

/// <summary>
/// The Durable Functions HTTP management API under /runtime/webhooks/durabletask, served where no Functions host serves
/// it: the same routes, query parameters and status codes, so its tools and docs work locally. Every call needs the
/// system key (DurableTask:SystemKey) as "code" or "x-functions-key". Errors are problem documents with a "code".
/// </summary>
public static class DurableManagementEndpoints
{
    public const string Prefix = "/runtime/webhooks/durabletask";

    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapDurableManagement(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(Prefix).AllowAnonymous().ExcludeFromDescription().AddEndpointFilter(RequireSystemKeyAsync);
        group.MapGet("/instances/{instanceId}", GetStatusAsync);
        group.MapGet("/instances", QueryAsync);
        group.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        group.MapPost("/instances/{instanceId}/terminate", (string instanceId, string? reason, DurableTaskClient client, CancellationToken ct) =>
            ControlAsync(client, instanceId, () => client.TerminateInstanceAsync(instanceId, reason, ct), ct));
        group.MapPost("/instances/{instanceId}/suspend", (string instanceId, string? reason, DurableTaskClient client, CancellationToken ct) =>
            ControlAsync(client, instanceId, () => client.SuspendInstanceAsync(instanceId, reason, ct), ct));
        group.MapPost("/instances/{instanceId}/resume", (string instanceId, string? reason, DurableTaskClient client, CancellationToken ct) =>
            ControlAsync(client, instanceId, () => client.ResumeInstanceAsync(instanceId, reason, ct), ct));
        group.MapDelete("/instances/{instanceId}", PurgeAsync);
        return endpoints;
    }

    private static async ValueTask<object?> RequireSystemKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var expected = http.RequestServices.GetRequiredService<IOptions<DurableHostingOptions>>().Value.SystemKey;
        var given = http.Request.Headers["x-functions-key"].FirstOrDefault() ?? http.Request.Query["code"].FirstOrDefault();
        if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return Problem(StatusCodes.Status401Unauthorized, "system_key_required", "Not authorized",
                "Send the Durable system key as the 'code' query parameter or the 'x-functions-key' header.");
        }

        return await next(context).ConfigureAwait(false);
    }

    private static async Task<IResult> GetStatusAsync(HttpContext http, string instanceId, bool? showInput, DurableTaskClient client, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false) is not { } metadata)
        {
            return InstanceNotFound(instanceId);
        }

        var body = ToResponse(metadata, showInput ?? true);
        switch (metadata.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Completed:
                return Json(body, StatusCodes.Status200OK);
            case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated:
                return Json(body, StatusCodes.Status400BadRequest);
            default:
                http.Response.Headers.Location = http.Request.GetEncodedUrl();
                http.Response.Headers.RetryAfter = "10";
                return Json(body, StatusCodes.Status202Accepted);
        }
    }

    private static async Task<IResult> QueryAsync(HttpContext http, DurableTaskClient client, CancellationToken ct)
    {
        if (!ManagementQuery.TryParse(http.Request, MaxPageSize, out var query, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid_query", "Invalid query", error);
        }

        var key = http.RequestServices.GetRequiredService<IOptions<DurableHostingOptions>>().Value.SystemKey;
        string? position = null;
        if (query.ContinuationToken is { } token && !ContinuationTokens.TryUnprotect(token, key, out position))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid_continuation_token", "Invalid continuation token",
                "The continuation token was not issued by this API. Send back the x-ms-continuation-token of the previous page unchanged, or none for the first page.");
        }

        Microsoft.DurableTask.Page<OrchestrationMetadata>? page;
        await using (var pages = client.GetAllInstancesAsync(query with { ContinuationToken = null }).AsPages(position, query.PageSize).GetAsyncEnumerator(ct))
        {
            page = await pages.MoveNextAsync().ConfigureAwait(false) ? pages.Current : null;
        }

        if (page?.ContinuationToken is { } next)
        {
            http.Response.Headers["x-ms-continuation-token"] = ContinuationTokens.Protect(next, key);
        }

        var showInput = query.FetchInputsAndOutputs;
        return Results.Json((page?.Values ?? []).Select(m => ToResponse(m, showInput)).ToList(), ManagementJsonContext.Default.ListInstanceStatusResponse);
    }

    private static async Task<IResult> RaiseEventAsync(HttpContext http, string instanceId, string eventName, DurableTaskClient client, CancellationToken ct)
    {
        JsonElement? payload = null;
        try
        {
            if (http.Request.ContentLength is not 0)
            {
                using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct).ConfigureAwait(false);
                payload = document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid_json", "The event payload is not JSON", "Send the event's data as a JSON value, or no body.");
        }

        return await ControlAsync(client, instanceId, () => client.RaiseEventAsync(instanceId, eventName, payload, ct), ct).ConfigureAwait(false);
    }

    // 404 for an unknown instance and 410 for a finished one, as the Functions host answers; otherwise act and answer 202.
    private static async Task<IResult> ControlAsync(DurableTaskClient client, string instanceId, Func<Task> action, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false) is not { } metadata)
        {
            return InstanceNotFound(instanceId);
        }

        if (metadata.IsCompleted)
        {
            return Problem(StatusCodes.Status410Gone, "instance_completed", "The instance has finished",
                $"Instance '{instanceId}' is {metadata.RuntimeStatus} and takes no more events or commands.");
        }

        await action().ConfigureAwait(false);
        return Results.Accepted();
    }

    private static async Task<IResult> PurgeAsync(string instanceId, DurableTaskClient client, CancellationToken ct)
    {
        var result = await client.PurgeInstanceAsync(instanceId, cancellation: ct).ConfigureAwait(false);
        return result.PurgedInstanceCount == 0
            ? InstanceNotFound(instanceId)
            : Results.Json(new PurgeResponse(result.PurgedInstanceCount), ManagementJsonContext.Default.PurgeResponse);
    }

    private static IResult InstanceNotFound(string instanceId) =>
        Problem(StatusCodes.Status404NotFound, "instance_not_found", "Instance not found", $"No orchestration instance has the id '{instanceId}'.");

    private static IResult Json(InstanceStatusResponse body, int status) =>
        Results.Json(body, ManagementJsonContext.Default.InstanceStatusResponse, statusCode: status);

    private static IResult Problem(int status, string code, string title, string detail) =>
        Results.Problem(detail, statusCode: status, title: title, type: "https://errors.marketplace-messaging.dev/" + code,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code });

    private static InstanceStatusResponse ToResponse(OrchestrationMetadata m, bool showInput) => new(
        m.Name, m.InstanceId, m.RuntimeStatus.ToString(), showInput ? Parse(m.SerializedInput) : null,
        Parse(m.SerializedCustomStatus), Parse(m.SerializedOutput), m.CreatedAt, m.LastUpdatedAt, m.FailureDetails);

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
