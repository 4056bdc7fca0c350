namespace Serverless.DurableTask.History;

/// <summary>The orchestrator started a sub-orchestration; EventId is the task id.</summary>
public sealed record SubOrchestrationInstanceCreatedEvent(int EventId, DateTimeOffset Timestamp, string Name, string InstanceId, string? Input)
    : HistoryEvent(EventId, Timestamp);
