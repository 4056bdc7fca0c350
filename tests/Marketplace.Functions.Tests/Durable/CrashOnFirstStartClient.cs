using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Tests.Durable;

/// <summary>The app's real <see cref="DurableTaskClient"/>, except that its first start fails: a process dying at that point.</summary>
internal sealed class CrashOnFirstStartClient(DurableTaskClient inner) : DurableTaskClient("crash-on-first-start")
{
    private int _crashes = 1;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        Interlocked.Exchange(ref _crashes, 0) == 1
            ? Task.FromException<string>(new IOException("Simulated crash after the message committed."))
            : inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => inner.GetAllInstancesAsync(filter);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
