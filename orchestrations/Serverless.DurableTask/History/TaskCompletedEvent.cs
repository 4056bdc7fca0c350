namespace Serverless.DurableTask.History;

/// <summary>An activity returned; refers to its TaskScheduledEvent by TaskScheduledId.</summary>
public sealed record TaskCompletedEvent(int EventId, DateTimeOffset Timestamp, int TaskScheduledId, string? Result)
    : HistoryEvent(EventId, Timestamp);
