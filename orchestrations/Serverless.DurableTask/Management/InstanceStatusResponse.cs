using System.Text.Json;

namespace Serverless.DurableTask.Management;

/// <summary>Instance status as the management API returns it (Durable Functions' shape).</summary>
public sealed record InstanceStatusResponse(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    FailureDetails? FailureDetails)
{
    /// <summary>The current execution's history (only with <c>showHistory=true</c>).</summary>
    public JsonElement? HistoryEvents { get; init; }
}
