namespace Serverless.DurableTask.History;

/// <summary>A client resumed a suspended instance.</summary>
public sealed record ExecutionResumedEvent(int EventId, DateTimeOffset Timestamp, string? Reason)
    : HistoryEvent(EventId, Timestamp);
