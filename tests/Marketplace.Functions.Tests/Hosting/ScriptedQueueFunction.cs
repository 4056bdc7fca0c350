using System.Collections.Concurrent;
using Marketplace.Functions.Hosting;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>A test-only queue function that records each delivery and fails the first <see cref="FailuresBeforeSuccess"/> of them.</summary>
internal sealed class ScriptedQueueFunction(string name, string queueName) : IQueueFunction
{
    public string Name { get; } = name;

    public string QueueName { get; } = queueName;

    /// <summary>How many deliveries fail before one succeeds; int.MaxValue fails forever. May be changed while running.</summary>
    public int FailuresBeforeSuccess { get; set; }

    public ConcurrentQueue<QueueInvocation> Invocations { get; } = new();

    public TaskCompletionSource<QueueInvocation> Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _calls;

    public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        Invocations.Enqueue(invocation);
        var call = Interlocked.Increment(ref _calls);
        if (call <= FailuresBeforeSuccess)
        {
            throw new InvalidOperationException($"Planned failure {call}.");
        }

        Succeeded.TrySetResult(invocation);
        return Task.CompletedTask;
    }

    /// <summary>Waits for a successful delivery, failing the test after <paramref name="timeout"/>.</summary>
    public async Task<QueueInvocation> WaitForSuccessAsync(TimeSpan timeout) => await Succeeded.Task.WaitAsync(timeout);
}
