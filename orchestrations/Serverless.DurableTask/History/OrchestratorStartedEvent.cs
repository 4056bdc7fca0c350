namespace Serverless.DurableTask.History;

/// <summary>Start of one episode (one work item); its Timestamp is the orchestration's CurrentUtcDateTime.</summary>
public sealed record OrchestratorStartedEvent(int EventId, DateTimeOffset Timestamp)
    : HistoryEvent(EventId, Timestamp);
