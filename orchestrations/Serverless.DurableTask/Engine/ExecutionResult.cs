namespace Serverless.DurableTask.Engine;

/// <summary>Where the orchestrator code stands after a replay.</summary>
internal sealed record ExecutionResult(
    OrchestrationRuntimeStatus Status,
    string? Output = null,
    FailureDetails? Failure = null,
    bool Started = true,
    IReadOnlyList<(string Name, string? Input)>? HeldEvents = null);
