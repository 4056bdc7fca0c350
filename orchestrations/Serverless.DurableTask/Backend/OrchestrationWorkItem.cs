using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Backend;

/// <summary>One instance's batch of new control messages together with its loaded state and history, locked for one engine step.</summary>
/// <remarks>
/// The engine may hand a copy with a shorter <see cref="Messages"/> list back to the backend (after it
/// dead-lettered some messages); the backend must then act on the messages of the work item it is
/// given, not on the ones it originally returned.
/// </remarks>
public sealed record OrchestrationWorkItem
{
    public required string InstanceId { get; init; }

    /// <summary>New messages for this instance, in the order they were received. Never empty when returned by Lock.</summary>
    public required IReadOnlyList<OrchestrationMessage> Messages { get; init; }

    /// <summary>The state row as read, or null when the instance has none yet (e.g. a sub-orchestration's first step).</summary>
    public OrchestrationState? State { get; init; }

    /// <summary>History of the current execution (<see cref="OrchestrationState.ExecutionId"/>), oldest first. Empty when there is no state.</summary>
    public required IReadOnlyList<HistoryEvent> History { get; init; }

    /// <summary>Opaque concurrency token of the instance as read (null when it has no state yet). The checkpoint is guarded by it.</summary>
    public string? ETag { get; init; }

    /// <summary>Opaque backend data (leases, receipts, cached session); the engine never looks at it.</summary>
    public object? BackendState { get; init; }
}
