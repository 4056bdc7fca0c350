namespace Serverless.DurableTask.History;

/// <summary>A sub-orchestration completed; refers to its creation event by TaskScheduledId.</summary>
public sealed record SubOrchestrationInstanceCompletedEvent(int EventId, DateTimeOffset Timestamp, int TaskScheduledId, string? Result)
    : HistoryEvent(EventId, Timestamp);
