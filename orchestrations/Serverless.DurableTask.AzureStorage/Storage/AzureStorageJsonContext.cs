using System.Text.Json.Serialization;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage.Storage;

/// <summary>Source-generated JSON for what this backend stores beyond the runtime's own records (outbox rows).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<OrchestrationMessage>))]
internal sealed partial class AzureStorageJsonContext : JsonSerializerContext;
