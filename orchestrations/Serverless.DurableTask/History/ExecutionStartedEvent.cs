namespace Serverless.DurableTask.History;

/// <summary>The instance (this execution) started: name, input, execution id and, for a sub-orchestration, its parent.</summary>
public sealed record ExecutionStartedEvent(int EventId, DateTimeOffset Timestamp, string Name, string ExecutionId, string? Input, ParentInstanceInfo? ParentInstance = null, DateTimeOffset? ScheduledStartAt = null)
    : HistoryEvent(EventId, Timestamp);
