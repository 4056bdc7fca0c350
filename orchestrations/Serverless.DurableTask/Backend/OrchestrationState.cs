namespace Serverless.DurableTask.Backend;

/// <summary>The instance's state row: what clients query. Written only by checkpoints and by instance creation.</summary>
/// <remarks>Payload properties (<see cref="Input"/>, <see cref="Output"/>, <see cref="CustomStatus"/>) are serialized JSON text.</remarks>
public sealed record OrchestrationState
{
    public required string InstanceId { get; init; }

    /// <summary>The current execution; history is loaded for this execution only.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The orchestrator name.</summary>
    public required string Name { get; init; }

    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When a scheduled start was requested, the time it was requested for.</summary>
    public DateTimeOffset? ScheduledStartAt { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public FailureDetails? FailureDetails { get; init; }

    /// <summary>For sub-orchestrations, the parent's instance id.</summary>
    public string? ParentInstanceId { get; init; }
}
