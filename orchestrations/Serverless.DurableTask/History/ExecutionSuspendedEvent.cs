namespace Serverless.DurableTask.History;

/// <summary>A client suspended the instance; later events wait until it is resumed.</summary>
public sealed record ExecutionSuspendedEvent(int EventId, DateTimeOffset Timestamp, string? Reason)
    : HistoryEvent(EventId, Timestamp);
