namespace Serverless.DurableTask.History;

/// <summary>The orchestrator sent an event to another instance; EventId is the task id.</summary>
public sealed record EventSentEvent(int EventId, DateTimeOffset Timestamp, string InstanceId, string Name, string? Input)
    : HistoryEvent(EventId, Timestamp);
