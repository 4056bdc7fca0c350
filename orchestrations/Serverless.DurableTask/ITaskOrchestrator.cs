namespace Serverless.DurableTask;

/// <summary>Untyped view of an orchestrator that the engine invokes.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}
