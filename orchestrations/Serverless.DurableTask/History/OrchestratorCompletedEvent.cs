namespace Serverless.DurableTask.History;

/// <summary>End of one episode.</summary>
public sealed record OrchestratorCompletedEvent(int EventId, DateTimeOffset Timestamp)
    : HistoryEvent(EventId, Timestamp);
