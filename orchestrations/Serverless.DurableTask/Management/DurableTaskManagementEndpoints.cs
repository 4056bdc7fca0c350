using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Serialization;

namespace Serverless.DurableTask.Management;

/// <summary>Durable-Functions-compatible management HTTP API under <c>/runtime/webhooks/durabletask/</c>.</summary>
/// <remarks>
/// Every route accepts the system key (<c>code</c> query parameter or <c>x-functions-key</c> header). Instance routes
/// also accept a <c>sig</c> produced by <see cref="DurableTaskClient.CreateHttpManagementPayload"/> for that instance
/// and that operation only. Errors are RFC 9457 problem details with a stable <c>code</c> extension.
/// </remarks>
public static class DurableTaskManagementEndpoints
{
    /// <summary>Route prefix of the management API.</summary>
    public const string Prefix = "/runtime/webhooks/durabletask";

    /// <summary>Maps the management API.</summary>
    public static IEndpointRouteBuilder MapDurableTaskManagement(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RouteGroupBuilder group = endpoints.MapGroup(Prefix);
        group.MapGet("/instances/{instanceId}", GetStatusAsync);
        group.MapGet("/instances", QueryAsync);
        group.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        group.MapPost("/instances/{instanceId}/terminate", (HttpContext http, string instanceId, string? reason, CancellationToken ct)
            => ControlAsync(http, instanceId, ManagementOperation.Terminate, (c, id) => c.TerminateInstanceAsync(id, reason, ct), ct));
        group.MapPost("/instances/{instanceId}/suspend", (HttpContext http, string instanceId, string? reason, CancellationToken ct)
            => ControlAsync(http, instanceId, ManagementOperation.Suspend, (c, id) => c.SuspendInstanceAsync(id, reason, ct), ct));
        group.MapPost("/instances/{instanceId}/resume", (HttpContext http, string instanceId, string? reason, CancellationToken ct)
            => ControlAsync(http, instanceId, ManagementOperation.Resume, (c, id) => c.ResumeInstanceAsync(id, reason, ct), ct));
        group.MapDelete("/instances/{instanceId}", PurgeAsync);
        group.MapGet("/deadletters", ListDeadLettersAsync);
        group.MapPost("/deadletters/{id}/replay", ReplayDeadLetterAsync);
        return endpoints;
    }

    private static async Task<IResult> GetStatusAsync(HttpContext http, string instanceId, bool? showInput, bool? showHistory, CancellationToken ct)
    {
        if (!Authorized(http, instanceId, ManagementOperation.Status))
        {
            return Unauthorized();
        }

        DurableTaskClient client = http.RequestServices.GetRequiredService<DurableTaskClient>();
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return Problem(StatusCodes.Status404NotFound, "instance-not-found", "Instance not found", $"No orchestration instance has the id '{instanceId}'.");
        }

        InstanceStatusResponse body = ToResponse(metadata, showInput ?? true);
        if (showHistory == true)
        {
            IOrchestrationBackend backend = http.RequestServices.GetRequiredService<IOrchestrationBackend>();
            IReadOnlyList<HistoryEvent> history = await backend.GetHistoryAsync(instanceId, ct).ConfigureAwait(false);
            body = body with { HistoryEvents = JsonSerializer.SerializeToElement(history.ToList(), DurableTaskJsonContext.Default.ListHistoryEvent) };
        }
        switch (metadata.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Completed:
                return Results.Json(body, ManagementJsonContext.Default.InstanceStatusResponse, statusCode: StatusCodes.Status200OK);
            case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled:
                return Results.Json(body, ManagementJsonContext.Default.InstanceStatusResponse, statusCode: StatusCodes.Status400BadRequest);
            default:
                http.Response.Headers.Location = http.Request.GetEncodedUrl();
                http.Response.Headers.RetryAfter = "10";
                return Results.Json(body, ManagementJsonContext.Default.InstanceStatusResponse, statusCode: StatusCodes.Status202Accepted);
        }
    }

    // Query parameters are parsed here, not bound, so every bad value is a problem document naming it in any host
    // (binding failures are an empty 400, or an exception, depending on the host's settings).
    private static async Task<IResult> QueryAsync(HttpContext http, CancellationToken ct)
    {
        if (!Authorized(http, null, ManagementOperation.Status))
        {
            return Unauthorized();
        }

        IQueryCollection query = http.Request.Query;
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (string part in (query["runtimeStatus"].ToString()).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Names only: Enum.TryParse also takes numbers ("1", "99").
            if (!Enum.GetNames<OrchestrationRuntimeStatus>().Any(name => string.Equals(name, part, StringComparison.OrdinalIgnoreCase)))
            {
                return Problem(StatusCodes.Status400BadRequest, "invalid-runtime-status", "Invalid runtimeStatus",
                    $"runtimeStatus '{part}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}, comma-separated.");
            }

            statuses.Add(Enum.Parse<OrchestrationRuntimeStatus>(part, ignoreCase: true));
        }

        if (!TryReadTop(query, out int top, out IResult? badTop))
        {
            return badTop;
        }

        if (!TryReadTime(query, "createdTimeFrom", out DateTimeOffset? from, out IResult? badFrom))
        {
            return badFrom;
        }

        if (!TryReadTime(query, "createdTimeTo", out DateTimeOffset? to, out IResult? badTo))
        {
            return badTo;
        }

        if (!TryReadFlag(query, "showInput", out bool showInput, out IResult? badShowInput))
        {
            return badShowInput;
        }

        string? continuation = http.Request.Headers["x-ms-continuation-token"].FirstOrDefault() ?? query["continuationToken"].FirstOrDefault();
        DurableTaskClient client = http.RequestServices.GetRequiredService<DurableTaskClient>();
        OrchestrationMetadataPage page;
        try
        {
            page = await client.QueryInstancesAsync(new OrchestrationQuery
            {
                Statuses = statuses,
                CreatedFrom = from,
                CreatedTo = to,
                PageSize = top,
                InstanceIdPrefix = query["instanceIdPrefix"].FirstOrDefault(),
                ContinuationToken = string.IsNullOrEmpty(continuation) ? null : continuation,
                FetchInputsAndOutputs = showInput,
            }, ct).ConfigureAwait(false);
        }
        catch (InvalidContinuationTokenException)
        {
            return InvalidContinuationToken();
        }

        if (page.ContinuationToken is not null)
        {
            http.Response.Headers["x-ms-continuation-token"] = page.ContinuationToken;
        }

        return Results.Json(page.Instances.Select(m => ToResponse(m, showInput)).ToList(), ManagementJsonContext.Default.ListInstanceStatusResponse);
    }

    private static async Task<IResult> RaiseEventAsync(HttpContext http, string instanceId, string eventName, CancellationToken ct)
    {
        if (!Authorized(http, instanceId, ManagementOperation.SendEvent))
        {
            return Unauthorized();
        }

        JsonElement? payload = null;
        using (var reader = new StreamReader(http.Request.Body))
        {
            string text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    using var document = JsonDocument.Parse(text);
                    payload = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    return Problem(StatusCodes.Status400BadRequest, "invalid-json", "Body is not JSON", "The event payload must be a JSON value.");
                }
            }
        }

        DurableTaskClient client = http.RequestServices.GetRequiredService<DurableTaskClient>();
        IResult? refusal = await CheckTargetAsync(client, instanceId, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, ct).ConfigureAwait(false);
        return Results.Accepted();
    }

    private static async Task<IResult> ControlAsync(HttpContext http, string instanceId, ManagementOperation operation, Func<DurableTaskClient, string, Task> action, CancellationToken ct)
    {
        if (!Authorized(http, instanceId, operation))
        {
            return Unauthorized();
        }

        DurableTaskClient client = http.RequestServices.GetRequiredService<DurableTaskClient>();
        IResult? refusal = await CheckTargetAsync(client, instanceId, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        await action(client, instanceId).ConfigureAwait(false);
        return Results.Accepted();
    }

    private static async Task<IResult> PurgeAsync(HttpContext http, string instanceId, CancellationToken ct)
    {
        if (!Authorized(http, instanceId, ManagementOperation.Purge))
        {
            return Unauthorized();
        }

        DurableTaskClient client = http.RequestServices.GetRequiredService<DurableTaskClient>();
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, false, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return Problem(StatusCodes.Status404NotFound, "instance-not-found", "Instance not found", $"No orchestration instance has the id '{instanceId}'.");
        }

        if (!metadata.IsCompleted)
        {
            return Problem(StatusCodes.Status409Conflict, "instance-running", "Instance still running",
                $"Instance '{instanceId}' is {metadata.RuntimeStatus}; terminate it before purging.");
        }

        PurgeResult result = await client.PurgeInstanceAsync(instanceId, ct).ConfigureAwait(false);
        return Results.Json(result, ManagementJsonContext.Default.PurgeResult);
    }

    private static async Task<IResult> ListDeadLettersAsync(HttpContext http, CancellationToken ct)
    {
        if (!Authorized(http, null, ManagementOperation.Status))
        {
            return Unauthorized();
        }

        if (!TryReadTop(http.Request.Query, out int top, out IResult? badTop))
        {
            return badTop;
        }

        string? continuation = http.Request.Headers["x-ms-continuation-token"].FirstOrDefault() ?? http.Request.Query["continuationToken"].FirstOrDefault();
        IOrchestrationBackend backend = http.RequestServices.GetRequiredService<IOrchestrationBackend>();
        DeadLetterPage page;
        try
        {
            page = await backend.ListDeadLettersAsync(top, string.IsNullOrEmpty(continuation) ? null : continuation, ct).ConfigureAwait(false);
        }
        catch (InvalidContinuationTokenException)
        {
            return InvalidContinuationToken();
        }

        if (page.ContinuationToken is not null)
        {
            http.Response.Headers["x-ms-continuation-token"] = page.ContinuationToken;
        }

        var items = page.Items.Select(d => new DeadLetterResponse(
            d.Id, d.Message.MessageId, d.Message.InstanceId, d.Message.Event.GetType().Name, d.Message.DequeueCount, d.Reason, d.DeadLetteredAt)).ToList();
        return Results.Json(items, ManagementJsonContext.Default.ListDeadLetterResponse);
    }

    private static async Task<IResult> ReplayDeadLetterAsync(HttpContext http, string id, CancellationToken ct)
    {
        if (!Authorized(http, null, ManagementOperation.Status))
        {
            return Unauthorized();
        }

        IOrchestrationBackend backend = http.RequestServices.GetRequiredService<IOrchestrationBackend>();
        return await backend.ReplayDeadLetterAsync(id, ct).ConfigureAwait(false)
            ? Results.Accepted()
            : Problem(StatusCodes.Status404NotFound, "dead-letter-not-found", "Dead letter not found", $"No dead letter has the id '{id}'.");
    }

    private static async Task<IResult?> CheckTargetAsync(DurableTaskClient client, string instanceId, CancellationToken ct)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, false, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return Problem(StatusCodes.Status404NotFound, "instance-not-found", "Instance not found", $"No orchestration instance has the id '{instanceId}'.");
        }

        return metadata.IsCompleted
            ? Problem(StatusCodes.Status410Gone, "instance-completed", "Instance already finished",
                $"Instance '{instanceId}' is {metadata.RuntimeStatus} and accepts no more events or commands.")
            : null;
    }

    private static bool Authorized(HttpContext http, string? instanceId, ManagementOperation operation)
    {
        ManagementUrlSigner signer = http.RequestServices.GetRequiredService<ManagementUrlSigner>();
        string? key = http.Request.Headers["x-functions-key"].FirstOrDefault() ?? http.Request.Query["code"].FirstOrDefault();
        if (signer.IsSystemKey(key))
        {
            return true;
        }

        return instanceId is not null && signer.Verify(instanceId, operation, http.Request.Query["sig"].FirstOrDefault());
    }

    /// <summary>Page size: 1 or more (default 100); more than 1000 is read as 1000, the largest page.</summary>
    private static bool TryReadTop(IQueryCollection query, out int top, [NotNullWhen(false)] out IResult? problem)
    {
        string? text = query["top"].FirstOrDefault();
        problem = null;
        top = 100;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1)
        {
            top = Math.Min(value, 1000);
            return true;
        }

        problem = InvalidQuery("top", "a whole number from 1 (pages hold at most 1000)");
        return false;
    }

    private static bool TryReadTime(IQueryCollection query, string name, out DateTimeOffset? time, [NotNullWhen(false)] out IResult? problem)
    {
        string? text = query[name].FirstOrDefault();
        problem = null;
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value))
        {
            time = value;
            return true;
        }

        problem = InvalidQuery(name, "an ISO 8601 time such as 2026-03-02T08:00:00Z");
        return false;
    }

    private static bool TryReadFlag(IQueryCollection query, string name, out bool flag, [NotNullWhen(false)] out IResult? problem)
    {
        string? text = query[name].FirstOrDefault();
        problem = null;
        flag = false;
        if (string.IsNullOrEmpty(text) || bool.TryParse(text, out flag))
        {
            return true;
        }

        problem = InvalidQuery(name, "true or false");
        return false;
    }

    private static IResult InvalidQuery(string name, string expected)
        => Problem(StatusCodes.Status400BadRequest, "invalid-query", $"Invalid {name}", $"The query parameter '{name}' must be {expected}.");

    private static IResult InvalidContinuationToken()
        => Problem(StatusCodes.Status400BadRequest, "invalid-continuation-token", "Invalid continuation token",
            "The continuation token is not one this API returned; pass the x-ms-continuation-token of the previous page unchanged, or leave it out to start again.");

    private static IResult Unauthorized()
        => Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Not authorized",
            "Send the system key as 'code' or 'x-functions-key', or use a management URL signed for this instance and operation.");

    private static IResult Problem(int status, string code, string title, string detail)
        => Results.Problem(detail, statusCode: status, title: title, type: $"urn:durabletask:{code}",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code });

    private static InstanceStatusResponse ToResponse(OrchestrationMetadata m, bool showInput) => new(
        m.Name,
        m.InstanceId,
        m.RuntimeStatus.ToString(),
        showInput ? Parse(m.SerializedInput) : null,
        Parse(m.SerializedCustomStatus),
        Parse(m.SerializedOutput),
        m.CreatedAt,
        m.LastUpdatedAt,
        m.FailureDetails);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
