namespace Serverless.DurableTask.Engine;

/// <summary>The kinds of durable actions orchestrator code can schedule.</summary>
internal enum ActionKind
{
    Activity,
    Timer,
    SubOrchestration,
    SendEvent,
}
