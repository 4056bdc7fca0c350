namespace Serverless.DurableTask.History;

/// <summary>Free-form event for diagnostics; ignored by replay.</summary>
public sealed record GenericEvent(int EventId, DateTimeOffset Timestamp, string? Data)
    : HistoryEvent(EventId, Timestamp);
