namespace Serverless.DurableTask.History;

/// <summary>The execution ended by restarting itself with a new input (recorded as the old execution's last event).</summary>
public sealed record ContinueAsNewEvent(int EventId, DateTimeOffset Timestamp, string? Input, string NewExecutionId)
    : HistoryEvent(EventId, Timestamp);
