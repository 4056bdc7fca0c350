using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Backend;

/// <summary>One received activity work message (its event is a <see cref="TaskScheduledEvent"/>).</summary>
public sealed record ActivityWorkItem
{
    public required OrchestrationMessage Message { get; init; }

    /// <summary>The scheduling event (shortcut for <c>Message.Event</c>).</summary>
    public TaskScheduledEvent TaskScheduled => (TaskScheduledEvent)Message.Event;

    /// <summary>Opaque backend data; the engine never looks at it.</summary>
    public object? BackendState { get; init; }
}
