using System.Text.Json.Serialization;

namespace Serverless.DurableTask.History;

/// <summary>One entry of an orchestration's history; the JSON carries a "$type" discriminator.</summary>
/// <remarks>
/// <see cref="EventId"/> is the task id for things the orchestrator scheduled (activities, timers,
/// sub-orchestrations, sent events) and -1 for everything else. Completion events refer to the
/// scheduling event through their own <c>TaskScheduledId</c>/<c>TimerId</c>.
/// <see cref="MessageId"/> is the id of the message that brought the event in (null for events the
/// orchestrator produced itself); the engine uses it to drop redelivered messages.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStartedEvent), "ExecutionStarted")]
[JsonDerivedType(typeof(ExecutionCompletedEvent), "ExecutionCompleted")]
[JsonDerivedType(typeof(ExecutionTerminatedEvent), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionSuspendedEvent), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumedEvent), "ExecutionResumed")]
[JsonDerivedType(typeof(ContinueAsNewEvent), "ContinueAsNew")]
[JsonDerivedType(typeof(OrchestratorStartedEvent), "OrchestratorStarted")]
[JsonDerivedType(typeof(OrchestratorCompletedEvent), "OrchestratorCompleted")]
[JsonDerivedType(typeof(TaskScheduledEvent), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompletedEvent), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailedEvent), "TaskFailed")]
[JsonDerivedType(typeof(TimerCreatedEvent), "TimerCreated")]
[JsonDerivedType(typeof(TimerFiredEvent), "TimerFired")]
[JsonDerivedType(typeof(EventRaisedEvent), "EventRaised")]
[JsonDerivedType(typeof(EventSentEvent), "EventSent")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreatedEvent), "SubOrchestrationInstanceCreated")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompletedEvent), "SubOrchestrationInstanceCompleted")]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailedEvent), "SubOrchestrationInstanceFailed")]
[JsonDerivedType(typeof(GenericEvent), "Generic")]
public abstract record HistoryEvent(int EventId, DateTimeOffset Timestamp)
{
    /// <summary>Id of the message that delivered this event; null for events produced by the orchestrator.</summary>
    public string? MessageId { get; init; }
}
