using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask.InMemory;

/// <summary>Drives a worker over the in-memory backend in virtual time: runs all due work, then jumps the clock to the next due message.</summary>
/// <remarks>
/// Deterministic: one work item at a time, in due order. Use with a fake clock, e.g.
/// <c>new VirtualTimeDriver(worker, backend, fakeTime, fakeTime.SetUtcNow)</c> with Microsoft.Extensions.Time.Testing's FakeTimeProvider.
/// </remarks>
public sealed class VirtualTimeDriver
{
    private const int MaxStepsPerRun = 100_000;
    private readonly DurableTaskWorker _worker;
    private readonly InMemoryOrchestrationBackend _backend;
    private readonly TimeProvider _time;
    private readonly Action<DateTimeOffset> _setUtcNow;

    public VirtualTimeDriver(DurableTaskWorker worker, InMemoryOrchestrationBackend backend, TimeProvider timeProvider, Action<DateTimeOffset> setUtcNow)
    {
        _worker = worker;
        _backend = backend;
        _time = timeProvider;
        _setUtcNow = setUtcNow;
    }

    /// <summary>Processes every orchestration and activity work item that is due now, until none is left. Time does not move.</summary>
    /// <exception cref="InvalidOperationException">Work keeps coming without time moving (a workflow loops without waiting).</exception>
    public async Task RunUntilIdleAsync(CancellationToken cancellationToken = default)
    {
        for (int step = 0; step < MaxStepsPerRun; step++)
        {
            bool any = await _worker.ProcessNextOrchestrationWorkItemAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            any |= await _worker.ProcessNextActivityWorkItemAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (!any)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Still busy after {MaxStepsPerRun} steps without time moving: a workflow loops without waiting.");
    }

    /// <summary>Moves the clock forward by <paramref name="delay"/>, stopping at every due time on the way to process what became due.</summary>
    public async Task AdvanceTimeAsync(TimeSpan delay, CancellationToken cancellationToken = default)
    {
        DateTimeOffset target = _time.GetUtcNow() + delay;
        while (true)
        {
            await RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset? next = _backend.NextVisibleAt;
            if (next is null || next > target)
            {
                break;
            }

            MoveTo(next.Value);
        }

        MoveTo(target);
        await RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs and jumps the clock from due time to due time until <paramref name="isDone"/> holds or nothing is due before
    /// <paramref name="maxTime"/> from now. Returns whether <paramref name="isDone"/> held.
    /// </summary>
    public async Task<bool> RunUntilAsync(Func<Task<bool>> isDone, TimeSpan maxTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isDone);
        DateTimeOffset deadline = _time.GetUtcNow() + maxTime;
        while (true)
        {
            await RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
            if (await isDone().ConfigureAwait(false))
            {
                return true;
            }

            DateTimeOffset? next = _backend.NextVisibleAt;
            if (next is null || next > deadline)
            {
                return false;
            }

            MoveTo(next.Value);
        }
    }

    private void MoveTo(DateTimeOffset time)
    {
        if (time > _time.GetUtcNow())
        {
            _setUtcNow(time);
        }
    }
}
