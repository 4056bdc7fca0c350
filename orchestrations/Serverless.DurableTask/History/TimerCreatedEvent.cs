namespace Serverless.DurableTask.History;

/// <summary>The orchestrator created a durable timer; EventId is the timer id.</summary>
public sealed record TimerCreatedEvent(int EventId, DateTimeOffset Timestamp, DateTimeOffset FireAt)
    : HistoryEvent(EventId, Timestamp);
