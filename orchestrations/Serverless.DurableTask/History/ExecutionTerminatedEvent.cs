namespace Serverless.DurableTask.History;

/// <summary>A client terminated the instance; Output becomes the instance's output.</summary>
public sealed record ExecutionTerminatedEvent(int EventId, DateTimeOffset Timestamp, string? Output)
    : HistoryEvent(EventId, Timestamp);
