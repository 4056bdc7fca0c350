namespace Serverless.DurableTask;

/// <summary>Base class of an orchestrator: deterministic code that schedules activities, timers and waits (mirrors Microsoft.DurableTask).</summary>
/// <remarks>
/// The code runs on the replay engine's single-threaded task scheduler and must be deterministic: await only tasks from the
/// context (activities, timers, events, sub-orchestrations, and Task.WhenAny/WhenAll over them); never ConfigureAwait(false),
/// Task.Run, Task.Delay or I/O; cancel timers with <c>CancellationTokenSource.Cancel()</c>, not <c>CancelAsync()</c>
/// (which runs callbacks on the thread pool); use <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/> and
/// <see cref="TaskOrchestrationContext.NewGuid"/> instead of the clock and random GUIDs.
/// </remarks>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    Type ITaskOrchestrator.OutputType => typeof(TOutput);

    /// <summary>The orchestration's logic.</summary>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input)
        => await RunAsync(context, input is null ? default! : (TInput)input).ConfigureAwait(true);
}
