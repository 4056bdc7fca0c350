using Serverless.DurableTask.Backend;
using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask.Tests.Conformance;

/// <summary>A running runtime (client, worker, backend) for conformance tests; in virtual time or in real time.</summary>
/// <remarks>
/// Implementations: <see cref="InMemoryTestHost"/> (FakeTimeProvider, deterministic). A storage-backed host
/// drives the same worker (or real polling loops) and implements time advance as best it can.
/// </remarks>
public abstract class TestHost : IAsyncDisposable
{
    public abstract IServiceProvider Services { get; }

    public abstract DurableTaskClient Client { get; }

    public abstract IOrchestrationBackend Backend { get; }

    public abstract DurableTaskWorker Worker { get; }

    /// <summary>The registry, so a test can register a changed orchestrator version while instances are in flight.</summary>
    public abstract DurableTaskRegistry Registry { get; }

    /// <summary>"Now" as the runtime sees it.</summary>
    public abstract DateTimeOffset UtcNow { get; }

    /// <summary>Processes all work that is due now until nothing is left (time does not move).</summary>
    public abstract Task RunUntilIdleAsync();

    /// <summary>Moves time forward by <paramref name="delay"/>, processing everything that becomes due on the way.</summary>
    public abstract Task AdvanceTimeAsync(TimeSpan delay);

    /// <summary>Runs (advancing time up to <paramref name="maxTime"/>) until the instance is Completed, Failed or Terminated, and returns its metadata (with payloads) either way.</summary>
    public abstract Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan? maxTime = null);

    public abstract ValueTask DisposeAsync();
}
