namespace Serverless.DurableTask.History;

/// <summary>An activity threw; refers to its TaskScheduledEvent by TaskScheduledId.</summary>
public sealed record TaskFailedEvent(int EventId, DateTimeOffset Timestamp, int TaskScheduledId, FailureDetails FailureDetails)
    : HistoryEvent(EventId, Timestamp);
