namespace Serverless.DurableTask.History;

/// <summary>The orchestrator function returned (Completed) or threw (Failed).</summary>
public sealed record ExecutionCompletedEvent(int EventId, DateTimeOffset Timestamp, OrchestrationRuntimeStatus Status, string? Result, FailureDetails? FailureDetails = null)
    : HistoryEvent(EventId, Timestamp);
