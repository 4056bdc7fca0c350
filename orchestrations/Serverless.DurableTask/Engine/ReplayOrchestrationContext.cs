using System.Globalization;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Engine;

/// <summary>The context handed to orchestrator code during one replay; records the actions the code schedules and completes them from history.</summary>
internal sealed class ReplayOrchestrationContext : TaskOrchestrationContext
{
    private readonly DataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string? _input;
    private readonly Dictionary<int, ScheduledAction> _actions = [];
    private readonly List<ScheduledAction> _actionOrder = [];
    private readonly Dictionary<string, Queue<string?>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, long Sequence)> _bufferOrder = [];
    private int _nextTaskId;
    private int _guidCounter;
    private long _eventSequence;

    public ReplayOrchestrationContext(TaskName name, string instanceId, string executionId, string? input, DataConverter converter, ILoggerFactory loggerFactory)
    {
        Name = name;
        InstanceId = instanceId;
        ExecutionId = executionId;
        _input = input;
        _converter = converter;
        _loggerFactory = loggerFactory;
    }

    public override TaskName Name { get; }

    public override string InstanceId { get; }

    public string ExecutionId { get; }

    public override DateTime CurrentUtcDateTime => CurrentTime.UtcDateTime;

    public DateTimeOffset CurrentTime { get; set; }

    public override bool IsReplaying => Replaying;

    public bool Replaying { get; set; }

    public string? CustomStatus { get; private set; }

    public bool ContinueAsNewRequested { get; private set; }

    public string? ContinueAsNewInput { get; private set; }

    public bool PreserveUnprocessedEvents { get; private set; }

    public IReadOnlyList<ScheduledAction> Actions => _actionOrder;

    /// <summary>True while some durable task the code could be awaiting is still open (a scheduled task or an event wait).</summary>
    public bool HasOpenDurableTasks
        => _actionOrder.Any(a => a.Completion is { Task.IsCompleted: false }) || _waiters.Values.Any(w => w.Count > 0);

    public override T? GetInput<T>()
        where T : default => _converter.Deserialize<T>(_input);

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        string? serialized = _converter.Serialize(input);
        return WithRetryAsync<TResult>(options?.Retry?.Policy, () =>
        {
            int id = _nextTaskId++;
            var tcs = new TaskCompletionSource<string?>();
            Add(new ScheduledAction
            {
                TaskId = id,
                Kind = ActionKind.Activity,
                Name = name.Name,
                Event = new TaskScheduledEvent(id, CurrentTime, name.Name, serialized),
                Completion = tcs,
            });
            return tcs.Task;
        });
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        string? serialized = _converter.Serialize(input);
        string? explicitId = (options as SubOrchestrationOptions)?.InstanceId;
        return WithRetryAsync<TResult>(options?.Retry?.Policy, () =>
        {
            // The default child id is deterministic so a replay addresses the same child.
            string childId = explicitId ?? NewGuid().ToString("N");
            int id = _nextTaskId++;
            var tcs = new TaskCompletionSource<string?>();
            Add(new ScheduledAction
            {
                TaskId = id,
                Kind = ActionKind.SubOrchestration,
                Name = orchestratorName.Name,
                Event = new SubOrchestrationInstanceCreatedEvent(id, CurrentTime, orchestratorName.Name, childId, serialized),
                Completion = tcs,
                TargetInstanceId = childId,
            });
            return tcs.Task;
        });
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var fireAtUtc = new DateTimeOffset(DateTime.SpecifyKind(fireAt.ToUniversalTime(), DateTimeKind.Utc));
        int id = _nextTaskId++;
        var tcs = new TaskCompletionSource<string?>();
        Add(new ScheduledAction
        {
            TaskId = id,
            Kind = ActionKind.Timer,
            Name = fireAtUtc.ToString("O", CultureInfo.InvariantCulture),
            Event = new TimerCreatedEvent(id, CurrentTime, fireAtUtc),
            Completion = tcs,
        });
        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled timer completes as cancelled now; its TimerFired, when it comes, finds the task done and is ignored.
            cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
        }

        return tcs.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        if (_bufferedEvents.TryGetValue(eventName, out var queue) && queue.Count > 0)
        {
            string? payload = queue.Dequeue();
            RemoveBufferOrder(eventName);
            return Task.FromResult(_converter.Deserialize<T>(payload)!);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var tcs = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var list))
        {
            list = new LinkedList<TaskCompletionSource<string?>>();
            _waiters[eventName] = list;
        }

        var node = list.AddLast(tcs);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    list.Remove(node);
                }

                tcs.TrySetCanceled(cancellationToken);
            });
        }

        return ConvertAsync<T>(tcs.Task);
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T> eventTask = WaitForExternalEvent<T>(eventName, cts.Token);
        if (eventTask.IsCompleted)
        {
            return await eventTask.ConfigureAwait(true);
        }

        Task timer = CreateTimer(CurrentUtcDateTime.Add(timeout), cts.Token);
        Task winner = await Task.WhenAny(eventTask, timer).ConfigureAwait(true);
        // Cancel(), not CancelAsync(): the latter runs callbacks on the thread pool, outside the orchestration's single thread.
#pragma warning disable CA1849
        cts.Cancel();
#pragma warning restore CA1849
        if (winner == eventTask)
        {
            return await eventTask.ConfigureAwait(true);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TaskCanceledException($"Timed out after {timeout} waiting for external event '{eventName}'.");
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        int id = _nextTaskId++;
        Add(new ScheduledAction
        {
            TaskId = id,
            Kind = ActionKind.SendEvent,
            Name = eventName,
            Event = new EventSentEvent(id, CurrentTime, instanceId, eventName, _converter.Serialize(payload)),
            TargetInstanceId = instanceId,
        });
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = _converter.Serialize(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinueAsNewRequested = true;
        ContinueAsNewInput = _converter.Serialize(newInput);
        PreserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public override Guid NewGuid()
        => DeterministicGuid.Create(string.Create(CultureInfo.InvariantCulture, $"{InstanceId}_{CurrentTime:O}_{_guidCounter++}"));

    public override ILogger CreateReplaySafeLogger(string categoryName)
        => new ReplaySafeLogger(this, _loggerFactory.CreateLogger(categoryName));

    // ------------------------------------------------------------ driven by the executor

    /// <summary>Checks that a scheduling event recorded in history matches what the code scheduled at the same task id.</summary>
    public void Match(HistoryEvent recorded, ActionKind kind, string name)
    {
        if (!_actions.TryGetValue(recorded.EventId, out var action))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestrator '{Name}' (instance '{InstanceId}'): history has {Describe(kind, name)} at task id {recorded.EventId}, "
                + "but the orchestrator code did not schedule anything at that point. The orchestrator code changed while this instance was in flight.");
        }

        bool sameName = kind == ActionKind.Timer || string.Equals(action.Name, name, StringComparison.Ordinal);
        if (action.Kind != kind || !sameName)
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestrator '{Name}' (instance '{InstanceId}'): at task id {recorded.EventId} history expected {Describe(kind, name)} "
                + $"but the orchestrator code now does {action.Describe()}. The orchestrator code changed while this instance was in flight.");
        }

        action.Matched = true;
    }

    public void Complete(int taskId, string? result)
    {
        if (_actions.TryGetValue(taskId, out var action))
        {
            action.Completion?.TrySetResult(result);
        }
    }

    public void Fail(int taskId, FailureDetails details)
    {
        if (_actions.TryGetValue(taskId, out var action))
        {
            action.Completion?.TrySetException(new TaskFailedException(action.Name, taskId, details));
        }
    }

    public void Raise(string name, string? input)
    {
        if (_waiters.TryGetValue(name, out var list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.TrySetResult(input);
            return;
        }

        if (!_bufferedEvents.TryGetValue(name, out var queue))
        {
            queue = new Queue<string?>();
            _bufferedEvents[name] = queue;
        }

        queue.Enqueue(input);
        _bufferOrder.Add((name, _eventSequence++));
    }

    /// <summary>Events that arrived and were never awaited, in arrival order (carried over by ContinueAsNew).</summary>
    public IReadOnlyList<(string Name, string? Input)> UnprocessedEvents()
    {
        var copies = _bufferedEvents.ToDictionary(p => p.Key, p => new Queue<string?>(p.Value), StringComparer.OrdinalIgnoreCase);
        var result = new List<(string, string?)>();
        foreach (var (name, _) in _bufferOrder)
        {
            if (copies.TryGetValue(name, out var q) && q.Count > 0)
            {
                result.Add((name, q.Dequeue()));
            }
        }

        return result;
    }

    private static string Describe(ActionKind kind, string name) => kind switch
    {
        ActionKind.Activity => $"CallActivity('{name}')",
        ActionKind.Timer => $"CreateTimer({name})",
        ActionKind.SubOrchestration => $"CallSubOrchestrator('{name}')",
        _ => $"SendEvent('{name}')",
    };

    private void RemoveBufferOrder(string name)
    {
        int index = _bufferOrder.FindIndex(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            _bufferOrder.RemoveAt(index);
        }
    }

    private void Add(ScheduledAction action)
    {
        _actions[action.TaskId] = action;
        _actionOrder.Add(action);
    }

    private async Task<T> ConvertAsync<T>(Task<string?> raw)
        => _converter.Deserialize<T>(await raw.ConfigureAwait(true))!;

    private async Task<TResult> WithRetryAsync<TResult>(RetryPolicy? policy, Func<Task<string?>> schedule)
    {
        DateTime firstAttempt = CurrentUtcDateTime;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return _converter.Deserialize<TResult>(await schedule().ConfigureAwait(true))!;
            }
            catch (TaskFailedException ex) when (policy is not null
                && attempt < policy.MaxNumberOfAttempts
                && (policy.HandleFailure?.Invoke(ex) ?? true)
                && (policy.RetryTimeout == Timeout.InfiniteTimeSpan || CurrentUtcDateTime - firstAttempt < policy.RetryTimeout))
            {
                // Durable retries wait on a durable timer, so a retry survives restarts and costs nothing while waiting.
                await CreateTimer(CurrentUtcDateTime.Add(policy.GetDelay(attempt)), CancellationToken.None).ConfigureAwait(true);
            }
        }
    }
}
