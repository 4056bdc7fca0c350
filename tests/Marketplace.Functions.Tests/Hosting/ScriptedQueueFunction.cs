using System.Collections.Concurrent;
using Marketplace.Functions.Hosting;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// A test-only queue function that records each delivery, takes <see cref="Duration"/> (or, with
/// <see cref="HangUntilCancelled"/>, runs until the app stops), and fails the first <see cref="FailuresBeforeSuccess"/> deliveries.
/// </summary>
internal sealed class ScriptedQueueFunction(string name, string queueName) : IQueueFunction
{
    public string Name { get; } = name;

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
