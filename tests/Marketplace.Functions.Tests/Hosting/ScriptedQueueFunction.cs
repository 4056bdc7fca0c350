using System.Collections.Concurrent;
using Marketplace.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// What the test-only queue function <see cref="PollerProbeFunction"/> does: records each delivery, takes
/// <see cref="Duration"/> (or, with <see cref="HangUntilCancelled"/>, runs until the app stops), and fails the first
/// <see cref="FailuresBeforeSuccess"/> deliveries.
/// </summary>
internal sealed class ScriptedQueueFunction(string queueName)
{
    /// <summary>The probe's queue in the app under test (with its storage prefix).</summary>
    public string QueueName { get; } = queueName;

    /// <summary>How many deliveries fail before one succeeds; int.MaxValue fails forever. May be changed while running.</summary>
    public int FailuresBeforeSuccess { get; set; }

    /// <summary>How long each delivery takes before it succeeds or fails.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Every delivery runs until the app stops (its cancellation token), like a handler of a process that hangs.</summary>
    public bool HangUntilCancelled { get; set; }

    public ConcurrentQueue<QueueInvocation> Invocations { get; } = new();

    public TaskCompletionSource<QueueInvocation> Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _calls;

    public async Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        Invocations.Enqueue(invocation);
        var call = Interlocked.Increment(ref _calls);
        if (HangUntilCancelled)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Duration > TimeSpan.Zero)
        {
            await Task.Delay(Duration, cancellationToken);
        }

        if (call <= FailuresBeforeSuccess)
        {
            throw new InvalidOperationException($"Planned failure {call}.");
        }

        Succeeded.TrySetResult(invocation);
    }

    /// <summary>Waits for a successful delivery, failing the test after <paramref name="timeout"/>.</summary>
    public async Task<QueueInvocation> WaitForSuccessAsync(TimeSpan timeout) => await Succeeded.Task.WaitAsync(timeout);
}

/// <summary>
/// A queue function declared like the app's own (a <c>[Function]</c> with a <c>[QueueTrigger]</c>), that tests add to the
/// app's function registry; it runs the <see cref="ScriptedQueueFunction"/> registered in the container.
/// </summary>
internal sealed class PollerProbeFunction(ScriptedQueueFunction script, QueueFunctionInvoker invoker)
{
    public const string Name = "PollerProbe";
    public const string Queue = "poller-probe";

    [Function(Name)]
    public Task RunAsync(
        [QueueTrigger(Queue)] string message, string id, long dequeueCount, DateTimeOffset? insertionTime, CancellationToken cancellationToken)
    {
        var invocation = new QueueInvocation(id, message, dequeueCount, insertionTime);
        return invoker.RunAsync(Name, Queue, invocation, ct => script.HandleAsync(invocation, ct), cancellationToken);
    }
}
