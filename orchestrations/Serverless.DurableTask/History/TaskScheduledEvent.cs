namespace Serverless.DurableTask.History;

/// <summary>The orchestrator scheduled an activity; EventId is the task id.</summary>
public sealed record TaskScheduledEvent(int EventId, DateTimeOffset Timestamp, string Name, string? Input)
    : HistoryEvent(EventId, Timestamp);
