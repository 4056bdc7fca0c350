using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Backend;

/// <summary>The result of one engine step: what to append to history, the new state row and the outbox to send.</summary>
/// <remarks>
/// <para>All of it commits atomically (see <see cref="IOrchestrationBackend.CompleteOrchestrationWorkItemAsync"/>).
/// The outbox is every message in <see cref="ActivityMessages"/>, <see cref="TimerMessages"/> and
/// <see cref="InstanceMessages"/>; their <see cref="OrchestrationMessage.MessageId"/>s are deterministic.</para>
/// <para>When <see cref="State"/>.ExecutionId differs from the work item's execution (ContinueAsNew, or a
/// terminal instance id reused by a new ExecutionStarted), <see cref="NewHistory"/> is the beginning of
/// the NEW execution's history; the backend stores it under the new execution id and from then on
/// loads only that execution's history. Old execution rows may be deleted lazily (or kept until purge).</para>
/// </remarks>
public sealed record OrchestrationCheckpoint
{
    /// <summary>Events to append to the history of <see cref="State"/>.ExecutionId, in order.</summary>
    public required IReadOnlyList<HistoryEvent> NewHistory { get; init; }

    /// <summary>The new state row. Null only when the instance had no state and still has none (all messages were dropped).</summary>
    public OrchestrationState? State { get; init; }

    /// <summary>Activity work messages (events are <see cref="TaskScheduledEvent"/>) for the activity queue.</summary>
    public IReadOnlyList<OrchestrationMessage> ActivityMessages { get; init; } = [];

    /// <summary>Timer messages to this instance (events are <see cref="TimerFiredEvent"/>) with <see cref="OrchestrationMessage.VisibleAt"/> set.</summary>
    public IReadOnlyList<OrchestrationMessage> TimerMessages { get; init; } = [];

    /// <summary>Control messages to instances (sub-orchestration starts and results, sent events, events carried over by ContinueAsNew, possibly to this instance).</summary>
    public IReadOnlyList<OrchestrationMessage> InstanceMessages { get; init; } = [];

    /// <summary>True when the step ended the execution with ContinueAsNew (the state's ExecutionId is the new one).</summary>
    public bool ContinuedAsNew { get; init; }

    /// <summary>True when nothing changed (every message was a duplicate or stale): the backend need only delete the messages.</summary>
    public bool IsEmpty => NewHistory.Count == 0 && ActivityMessages.Count == 0 && TimerMessages.Count == 0 && InstanceMessages.Count == 0;

    /// <summary>A checkpoint that changes nothing and only consumes the work item's messages.</summary>
    public static OrchestrationCheckpoint Empty(OrchestrationState? state) => new() { NewHistory = [], State = state };
}
