using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Engine;

/// <summary>One action the orchestrator code scheduled during this replay, with the task that completes it.</summary>
internal sealed class ScheduledAction
{
    public required int TaskId { get; init; }

    public required ActionKind Kind { get; init; }

    /// <summary>Activity or orchestrator name, timer fire time, or target instance and event name (what must match history).</summary>
    public required string Name { get; init; }

    /// <summary>The history event recording the action (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated, EventSent).</summary>
    public required HistoryEvent Event { get; init; }

    /// <summary>Completion source of the awaitable task; null for SendEvent.</summary>
    public TaskCompletionSource<string?>? Completion { get; init; }

    /// <summary>For sub-orchestrations: the child's instance id.</summary>
    public string? TargetInstanceId { get; init; }

    /// <summary>True once a history event proved the action was already recorded.</summary>
    public bool Matched { get; set; }

    public string Describe() => Kind switch
    {
        ActionKind.Activity => $"CallActivity('{Name}')",
        ActionKind.Timer => $"CreateTimer({Name})",
        ActionKind.SubOrchestration => $"CallSubOrchestrator('{Name}')",
        _ => $"SendEvent({Name})",
    };
}
