namespace Serverless.DurableTask;

/// <summary>Base class of an activity: the unit of real work, run at least once, so it must be idempotent (mirrors Microsoft.DurableTask).</summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    Type ITaskActivity.OutputType => typeof(TOutput);

    /// <summary>The activity's work. Use <see cref="TaskActivityContext.IdempotencyKey"/> to make side effects idempotent.</summary>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input)
        => await RunAsync(context, input is null ? default! : (TInput)input).ConfigureAwait(false);
}
