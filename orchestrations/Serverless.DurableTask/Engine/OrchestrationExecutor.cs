using System.Runtime.ExceptionServices;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Engine;

/// <summary>Runs orchestrator code over past and new history events, in order, on a single-threaded context.</summary>
internal static class OrchestrationExecutor
{
    /// <summary>Replays <paramref name="past"/> then applies <paramref name="newEvents"/>.</summary>
    /// <exception cref="NonDeterministicOrchestrationException">History does not match what the code schedules.</exception>
    public static ExecutionResult Execute(
        ITaskOrchestrator orchestrator,
        ReplayOrchestrationContext context,
        IReadOnlyList<HistoryEvent> past,
        IReadOnlyList<HistoryEvent> newEvents,
        DataConverter converter)
    {
        var scheduler = new OrchestrationTaskScheduler();

        // No SynchronizationContext while the code runs: awaits must capture the orchestration scheduler instead.
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var run = new Runner(orchestrator, context, converter);
            int total = past.Count + newEvents.Count;
            for (int i = 0; i < total && !run.Terminated; i++)
            {
                context.Replaying = i < past.Count;
                HistoryEvent e = i < past.Count ? past[i] : newEvents[i - past.Count];

                // Delivery runs as a task on the orchestration scheduler, so continuations it triggers inline see that scheduler.
                RunOnScheduler(scheduler, () => run.Apply(e));

                // Events held while suspended are delivered on resume, one by one, like any other event.
                while (run.TakeReleased() is { } released)
                {
                    RunOnScheduler(scheduler, () => run.Deliver(released));
                }
            }

            context.Replaying = false;
            return run.Result();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static void RunOnScheduler(OrchestrationTaskScheduler scheduler, Action action)
    {
        Task applied = scheduler.Run(action);
        scheduler.Drain();
        if (applied.IsFaulted)
        {
            ExceptionDispatchInfo.Throw(applied.Exception!.InnerException!);
        }
    }

    private sealed class Runner(ITaskOrchestrator orchestrator, ReplayOrchestrationContext context, DataConverter converter)
    {
        private readonly List<HistoryEvent> _held = [];
        private readonly List<HistoryEvent> _released = [];
        private Task<object?>? _code;
        private bool _suspended;
        private string? _terminateOutput;

        public bool Terminated { get; private set; }

        public void Apply(HistoryEvent e)
        {
            switch (e)
            {
                case OrchestratorStartedEvent:
                    context.CurrentTime = e.Timestamp;
                    break;
                case ExecutionSuspendedEvent:
                    _suspended = true;
                    break;
                case ExecutionResumedEvent:
                    _suspended = false;
                    _released.AddRange(_held);
                    _held.Clear();
                    break;
                case ExecutionTerminatedEvent t:
                    Terminated = true;
                    _terminateOutput = t.Output;
                    break;
                case TaskScheduledEvent ts:
                    context.Match(ts, ActionKind.Activity, ts.Name);
                    break;
                case TimerCreatedEvent tc:
                    context.Match(tc, ActionKind.Timer, string.Empty);
                    break;
                case SubOrchestrationInstanceCreatedEvent so:
                    context.Match(so, ActionKind.SubOrchestration, so.Name);
                    break;
                case EventSentEvent es:
                    context.Match(es, ActionKind.SendEvent, es.Name);
                    break;
                case ExecutionStartedEvent or TaskCompletedEvent or TaskFailedEvent or TimerFiredEvent or EventRaisedEvent
                    or SubOrchestrationInstanceCompletedEvent or SubOrchestrationInstanceFailedEvent:
                    if (_suspended)
                    {
                        _held.Add(e);
                    }
                    else
                    {
                        Deliver(e);
                    }

                    break;
                default:
                    // OrchestratorCompleted, ExecutionCompleted, ContinueAsNew, Generic: bookkeeping only.
                    break;
            }
        }

        public ExecutionResult Result()
        {
            var held = _held.OfType<EventRaisedEvent>().Select(e => (e.Name, e.Input)).ToList();
            if (Terminated)
            {
                return new ExecutionResult(OrchestrationRuntimeStatus.Terminated, _terminateOutput);
            }

            if (_code is null)
            {
                return new ExecutionResult(_suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Pending, Started: false);
            }

            if (!_code.IsCompleted && !_suspended && !context.HasOpenDurableTasks)
            {
                // Nothing durable can ever resume the code: it awaits something else (Task.Delay, Task.Run, I/O, ConfigureAwait(false)).
                return new ExecutionResult(OrchestrationRuntimeStatus.Failed, Failure: new FailureDetails(
                    typeof(InvalidOperationException).FullName!,
                    $"Orchestrator '{context.Name}' is awaiting a task that is not a durable task (activity, timer, external event or sub-orchestration). "
                    + "Orchestrator code must not use Task.Delay, Task.Run, I/O, ConfigureAwait(false) or CancellationTokenSource.CancelAsync()."));
            }

            if (!_code.IsCompleted)
            {
                return new ExecutionResult(_suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running, HeldEvents: held);
            }

            if (_code.IsFaulted)
            {
                Exception error = _code.Exception!.InnerExceptions.Count == 1 ? _code.Exception.InnerException! : _code.Exception;
                return new ExecutionResult(OrchestrationRuntimeStatus.Failed, Failure: FailureDetails.FromException(error));
            }

            if (_code.IsCanceled)
            {
                return new ExecutionResult(
                    OrchestrationRuntimeStatus.Failed,
                    Failure: new FailureDetails(typeof(TaskCanceledException).FullName!, "The orchestrator's task was cancelled."));
            }

            return context.ContinueAsNewRequested
                ? new ExecutionResult(OrchestrationRuntimeStatus.ContinuedAsNew, HeldEvents: held)
                : new ExecutionResult(OrchestrationRuntimeStatus.Completed, converter.Serialize(_code.Result));
        }

        /// <summary>The next event released by a resume, or null.</summary>
        public HistoryEvent? TakeReleased()
        {
            if (_released.Count == 0)
            {
                return null;
            }

            HistoryEvent e = _released[0];
            _released.RemoveAt(0);
            return e;
        }

        public void Deliver(HistoryEvent e)
        {
            switch (e)
            {
                case ExecutionStartedEvent started when _code is null:
                    _code = Start(started);
                    break;
                case TaskCompletedEvent c:
                    context.Complete(c.TaskScheduledId, c.Result);
                    break;
                case TaskFailedEvent f:
                    context.Fail(f.TaskScheduledId, f.FailureDetails);
                    break;
                case TimerFiredEvent t:
                    context.Complete(t.TimerId, null);
                    break;
                case SubOrchestrationInstanceCompletedEvent sc:
                    context.Complete(sc.TaskScheduledId, sc.Result);
                    break;
                case SubOrchestrationInstanceFailedEvent sf:
                    context.Fail(sf.TaskScheduledId, sf.FailureDetails);
                    break;
                case EventRaisedEvent r:
                    context.Raise(r.Name, r.Input);
                    break;
                default:
                    break;
            }
        }

        private Task<object?> Start(ExecutionStartedEvent started)
        {
            try
            {
                object? input = converter.Deserialize(started.Input, orchestrator.InputType);
                return orchestrator.RunAsync(context, input);
            }
#pragma warning disable CA1031 // Any failure of user code (including input binding) fails the instance, as in Durable.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Task.FromException<object?>(ex);
            }
        }
    }
}
