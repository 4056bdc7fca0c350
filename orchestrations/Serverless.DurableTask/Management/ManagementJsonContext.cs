using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.DurableTask.Management;

/// <summary>Source-generated JSON for management API responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceStatusResponse))]
[JsonSerializable(typeof(List<InstanceStatusResponse>))]
[JsonSerializable(typeof(List<DeadLetterResponse>))]
[JsonSerializable(typeof(PurgeResult))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
