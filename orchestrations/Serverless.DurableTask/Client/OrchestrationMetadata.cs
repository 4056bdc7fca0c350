using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask;

/// <summary>What a client sees of an orchestration instance (mirrors Microsoft.DurableTask.Client.OrchestrationMetadata).</summary>
public sealed record OrchestrationMetadata
{
    private readonly DataConverter _converter;

    public OrchestrationMetadata(string name, string instanceId, DataConverter? converter = null)
    {
        Name = name;
        InstanceId = instanceId;
        _converter = converter ?? JsonDataConverter.Default;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public FailureDetails? FailureDetails { get; init; }

    /// <summary>True unless the instance is Completed, Failed or Terminated.</summary>
    public bool IsRunning => !RuntimeStatus.IsTerminal();

    /// <summary>True when the instance is Completed, Failed or Terminated.</summary>
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => _converter.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => _converter.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => _converter.Deserialize<T>(SerializedCustomStatus);

    internal static OrchestrationMetadata FromState(OrchestrationState state, bool includePayloads, DataConverter converter) =>
        new(state.Name, state.InstanceId, converter)
        {
            RuntimeStatus = state.RuntimeStatus,
            CreatedAt = state.CreatedAt,
            LastUpdatedAt = state.LastUpdatedAt,
            SerializedInput = includePayloads ? state.Input : null,
            SerializedOutput = includePayloads ? state.Output : null,
            SerializedCustomStatus = includePayloads ? state.CustomStatus : null,
            FailureDetails = state.FailureDetails,
        };
}
