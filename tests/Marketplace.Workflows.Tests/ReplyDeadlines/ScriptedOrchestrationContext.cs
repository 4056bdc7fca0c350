using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>
/// An orchestration context the test drives by hand, for the orchestrator's logic alone: the orchestration's clock is
/// what the test sets, activities answer at once (with <see cref="ActivityResult"/>), and timers fire and the
/// resolution arrives when the test says. Each step runs without a synchronization context, so the orchestrator's
/// continuations run inline: when a step returns, the orchestrator waits on its next timer or has finished.
/// </summary>
internal sealed class ScriptedOrchestrationContext(string instanceId, DateTime now) : TaskOrchestrationContext
{
    private readonly TaskCompletionSource<DeadlineResolution> _resolution = new();

    /// <summary>Everything the orchestrator did, in order.</summary>
    public List<ScriptedCall> Calls { get; } = [];

    public IEnumerable<ScriptedActivity> Activities => Calls.OfType<ScriptedActivity>();

    public IEnumerable<DeadlineUpdate> Updates =>
        Activities.Where(a => a.Name == nameof(RecordDeadlineActivity)).Select(a => (DeadlineUpdate)a.Input!);

    public IEnumerable<SellerNotification> Notifications =>
        Activities.Where(a => a.Name == nameof(NotifySellerActivity)).Select(a => (SellerNotification)a.Input!);

    public List<ScriptedTimer> Timers => [.. Calls.OfType<ScriptedTimer>()];

    /// <summary>The result of an activity (an exception fails it); by default every webhook is delivered and no reply was missed.</summary>
    public Func<ScriptedActivity, object?> ActivityResult { get; set; } = activity => activity.Name switch
    {
        nameof(NotifySellerActivity) => NotificationResult.Delivered,
        nameof(RecordDeadlineActivity) => true,
        _ => null,
    };

    public object? CustomStatus { get; private set; }

    public DateTime Now { get; set; } = now;

    public override TaskName Name => nameof(ReplyDeadlineOrchestrator);

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Runs one step of the test: the orchestrator goes on inline, up to its next wait.</summary>
    public static void Step(Action step)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            step();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public Task<ReplyDeadlineOutcome> Start(ReplyDeadlineInput input)
    {
        Task<ReplyDeadlineOutcome> run = null!;
        Step(() => run = new ReplyDeadlineOrchestrator().RunAsync(this, input));
        return run;
    }

    /// <summary>Fires the newest timer with the orchestration's clock at <paramref name="at"/> (a durable timer may fire early).</summary>
    public void FireTimer(DateTimeOffset at)
    {
        Now = at.UtcDateTime;
        var timer = Timers[^1];
        Step(timer.Fire);
    }

    public void Resolve(DeadlineResolution resolution, DateTimeOffset at)
    {
        Now = at.UtcDateTime;
        Step(() => _resolution.SetResult(resolution));
    }

    public override T GetInput<T>() => throw new NotSupportedException();

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var activity = new ScriptedActivity(name.Name, input, options);
        Calls.Add(activity);
        return ActivityResult(activity) switch
        {
            Exception failure => Task.FromException<TResult>(failure),
            var result => Task.FromResult((TResult)result!),
        };
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var timer = new ScriptedTimer(fireAt, cancellationToken);
        Calls.Add(timer);
        return timer.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        Calls.Add(new ScriptedWait(eventName));
        return eventName == ReplyDeadlineOrchestrator.ResolvedEvent && _resolution.Task is Task<T> resolution
            ? resolution
            : throw new NotSupportedException($"No event '{eventName}' of type {typeof(T).Name} in this script.");
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => throw new NotSupportedException();
}

/// <summary>Something the orchestrator did.</summary>
internal abstract record ScriptedCall;

internal sealed record ScriptedActivity(string Name, object? Input, TaskOptions? Options) : ScriptedCall;

internal sealed record ScriptedWait(string EventName) : ScriptedCall;

/// <summary>A durable timer: fires when the test says; cancelled when the orchestrator cancels it.</summary>
internal sealed record ScriptedTimer : ScriptedCall
{
    private readonly TaskCompletionSource _fired = new();
    private readonly CancellationToken _cancellation;

    public ScriptedTimer(DateTime fireAt, CancellationToken cancellation)
    {
        FireAt = fireAt;
        _cancellation = cancellation;
        cancellation.Register(() => _fired.TrySetCanceled(cancellation));
    }

    public DateTime FireAt { get; }

    public bool Cancelled => _cancellation.IsCancellationRequested;

    public Task Task => _fired.Task;

    public void Fire() => _fired.SetResult();
}
