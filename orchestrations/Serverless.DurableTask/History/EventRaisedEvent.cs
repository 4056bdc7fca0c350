namespace Serverless.DurableTask.History;

/// <summary>An external event arrived (from a client or another orchestration's SendEvent).</summary>
public sealed record EventRaisedEvent(int EventId, DateTimeOffset Timestamp, string Name, string? Input)
    : HistoryEvent(EventId, Timestamp);
