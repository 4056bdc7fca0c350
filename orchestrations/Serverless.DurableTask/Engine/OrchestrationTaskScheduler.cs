using System.Collections.Concurrent;

namespace Serverless.DurableTask.Engine;

/// <summary>Single-threaded scheduler on which orchestrator code runs: tasks queue up and run, in order, when the engine drains them.</summary>
/// <remarks>
/// As in DurableTask.Core there is no SynchronizationContext while orchestrator code runs: every await continuation,
/// <c>ContinueWith</c> and <c>Task.Factory.StartNew</c> captures this scheduler as <c>TaskScheduler.Current</c> and is
/// queued here, so the code is deterministic and single-threaded.
/// </remarks>
internal sealed class OrchestrationTaskScheduler : TaskScheduler
{
    // Concurrent only so that a stray non-durable await (a bug in orchestrator code) cannot corrupt the queue.
    private readonly ConcurrentQueue<Task> _queue = new();

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Queues <paramref name="action"/> as a task on this scheduler; it runs on the next <see cref="Drain"/>.</summary>
    public Task Run(Action action) => Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);

    /// <summary>Runs queued tasks until none is left.</summary>
    public void Drain()
    {
        while (_queue.TryDequeue(out var task))
        {
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task) => _queue.Enqueue(task);

    // Never inline: everything runs in queue order, on the draining thread.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task>? GetScheduledTasks() => _queue.ToArray();
}
