using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;

namespace Marketplace.DurableHosting.Management;

/// <summary>An instance's status as the Durable Functions HTTP API returns it.</summary>
public sealed record InstanceStatusResponse(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    TaskFailureDetails? FailureDetails);

/// <summary>What a purge removed.</summary>
public sealed record PurgeResponse(int InstancesDeleted);

/// <summary>Source-generated JSON for the management API (camelCase, as the Functions host answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceStatusResponse))]
[JsonSerializable(typeof(List<InstanceStatusResponse>))]
[JsonSerializable(typeof(PurgeResponse))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
