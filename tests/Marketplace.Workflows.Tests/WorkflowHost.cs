using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Workflows.Tests;

/// <summary>
/// Workflows on Microsoft.DurableTask's in-process test host: an in-memory backend behind a gRPC sidecar in this
/// process, on the wall clock. Each host listens on its own free loopback port, so test classes can run in parallel.
/// </summary>
/// <remarks>
/// The sidecar's dispatchers (0.2.3-preview.1) hand out at most <see cref="Environment.ProcessorCount"/> orchestration
/// work items (and as many activities) at once and, at that count, poll again only after 500 ms, more than a scaled
/// timeline can absorb. An instance is released before its work item is counted as done, so it can briefly hold two:
/// the scaled tests run one deadline per host, and the test run reports four processors (workflows.runsettings).
/// </remarks>
internal sealed class WorkflowHost : IAsyncDisposable
{
    private const int MinimumProcessorCount = 3;

    private readonly DurableTaskTestHost _host;

    private WorkflowHost(DurableTaskTestHost host) => _host = host;

    public DurableTaskClient Client => _host.Client;

    public static async Task<WorkflowHost> StartAsync(Action<DurableTaskRegistry> tasks, Action<IServiceCollection> services)
    {
        if (Environment.ProcessorCount < MinimumProcessorCount)
        {
            throw new InvalidOperationException(
                $"The in-process Durable Task host stalls for 500 ms when {Environment.ProcessorCount} work items are out, which breaks "
                + $"the scaled timelines: run these tests with DOTNET_PROCESSOR_COUNT={MinimumProcessorCount} or more (dotnet test "
                + "sets it from workflows.runsettings).");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new WorkflowHost(await DurableTaskTestHost.StartAsync(
                    tasks, new DurableTaskTestHostOptions { Port = FreeLoopbackPort(), ConfigureServices = services }));
            }
            catch (IOException) when (attempt < 3)
            {
                // Another process took the port between the probe and the sidecar's bind: probe again.
            }
        }
    }

    /// <summary>
    /// Waits (on the wall clock, up to <paramref name="timeout"/>) until the instance completes, fails or is terminated;
    /// past the timeout, fails with the instance's state and what <paramref name="progress"/> tells of it.
    /// </summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan timeout, Func<string>? progress = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            var state = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            throw new TimeoutException(
                $"Instance '{instanceId}' did not complete within {timeout}: {state?.RuntimeStatus.ToString() ?? "not found"}, "
                + $"custom status {state?.SerializedCustomStatus}. {progress?.Invoke()}");
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    // The test host would pick a random port in 30000-40000 (parallel hosts could collide); the OS hands out a free one.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
