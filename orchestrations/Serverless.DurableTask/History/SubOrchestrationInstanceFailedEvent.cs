namespace Serverless.DurableTask.History;

/// <summary>A sub-orchestration failed or was terminated; refers to its creation event by TaskScheduledId.</summary>
public sealed record SubOrchestrationInstanceFailedEvent(int EventId, DateTimeOffset Timestamp, int TaskScheduledId, FailureDetails FailureDetails)
    : HistoryEvent(EventId, Timestamp);
