namespace Serverless.DurableTask.History;

/// <summary>A durable timer fired; refers to its TimerCreatedEvent by TimerId.</summary>
public sealed record TimerFiredEvent(int EventId, DateTimeOffset Timestamp, int TimerId, DateTimeOffset FireAt)
    : HistoryEvent(EventId, Timestamp);
