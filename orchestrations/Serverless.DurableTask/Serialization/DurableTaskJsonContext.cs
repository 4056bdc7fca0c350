using System.Text.Json.Serialization;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Serialization;

/// <summary>Source-generated JSON for the runtime's own records (history, messages, state, dead letters).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(List<HistoryEvent>))]
[JsonSerializable(typeof(OrchestrationMessage))]
[JsonSerializable(typeof(OrchestrationState))]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(FailureDetails))]
public sealed partial class DurableTaskJsonContext : JsonSerializerContext;
