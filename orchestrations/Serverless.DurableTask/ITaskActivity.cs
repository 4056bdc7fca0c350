namespace Serverless.DurableTask;

/// <summary>Untyped view of an activity that the worker invokes.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}
