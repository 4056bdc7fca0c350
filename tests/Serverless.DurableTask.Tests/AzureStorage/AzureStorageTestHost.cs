using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.Tests.Conformance;
using Serverless.DurableTask.Worker;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>
/// The runtime on the Azure Storage backend against Azurite. Either the real polling loops run in the background
/// (<c>startWorker</c>), or the test drives the worker (conformance style). Time may be virtual: due times follow the
/// injected clock, while queues live in real time, so timers are chained in short real hops
/// (<see cref="AzureStorageOrchestrationOptions.MaxQueueVisibilityDelay"/> of 2 s) and re-checked on arrival.
/// </summary>
public sealed class AzureStorageTestHost : TestHost
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted = [];
    private readonly TimeProvider _time;
    private readonly QueueServiceClient _queues;

    private AzureStorageTestHost(ServiceProvider provider, TimeProvider time, string connectionString)
    {
        _provider = provider;
        _time = time;
        _queues = new QueueServiceClient(connectionString);
    }

    public AzureStorageOrchestrationBackend AzureBackend => _provider.GetRequiredService<AzureStorageOrchestrationBackend>();

    public override IServiceProvider Services => _provider;

    public override DurableTaskClient Client => _provider.GetRequiredService<DurableTaskClient>();

    public override IOrchestrationBackend Backend => AzureBackend;

    public override DurableTaskWorker Worker => _provider.GetRequiredService<DurableTaskWorker>();

    public override DurableTaskRegistry Registry => _provider.GetRequiredService<DurableTaskRegistry>();

    public override DateTimeOffset UtcNow => _time.GetUtcNow();

    public static async Task<AzureStorageTestHost> StartAsync(
        string connectionString,
        Action<DurableTaskBuilder> configure,
        Action<DurableTaskOptions>? configureOptions = null,
        Action<AzureStorageOrchestrationOptions>? configureBackend = null,
        TimeProvider? time = null,
        string? taskHubName = null,
        bool startWorker = false)
    {
        time ??= TimeProvider.System;
        string hub = taskHubName ?? AzuriteFixture.UniqueName("hub");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(b =>
        {
            // DT_TEST_LOG=1 shows the runtime's log while debugging a test.
            if (Environment.GetEnvironmentVariable("DT_TEST_LOG") == "1")
            {
                b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
        });
        services.AddSingleton(time);
        services.AddDurableTask(b =>
        {
            b.UseAzureStorageBackend(o =>
            {
                o.ConnectionString = connectionString;
                o.MaxPollingInterval = TimeSpan.FromMilliseconds(250);
                o.MaxQueueVisibilityDelay = TimeSpan.FromSeconds(1);
                o.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
                o.WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
                o.OutboxSweepInterval = TimeSpan.FromSeconds(1);
                o.OutboxSweepMinAge = TimeSpan.FromSeconds(2);
                configureBackend?.Invoke(o);
            });
            configure(b);
        });
        services.Configure<DurableTaskOptions>(o =>
        {
            o.TaskHubName = hub;
            o.SystemKey = InMemoryTestHost.SystemKey;
            o.EnablePollingWorker = startWorker;
            o.AbandonRetryDelay = TimeSpan.FromMilliseconds(200);
            o.ReceiveTimeout = TimeSpan.FromMilliseconds(500);
            configureOptions?.Invoke(o);
        });
        var host = new AzureStorageTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), time, connectionString);
        await host.AzureBackend.CreateIfNotExistsAsync(CancellationToken.None);
        if (startWorker)
        {
            host._hosted.AddRange(host._provider.GetServices<IHostedService>());
            foreach (var hosted in host._hosted)
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        }

        return host;
    }

    /// <summary>
    /// Drives the worker until no work arrived for a quiet period and no hub queue holds a visible message (real time:
    /// queues and hops are real). The queue check matters on a loaded machine: a receive that came back empty while
    /// Azurite was catching up must not pass for idle.
    /// </summary>
    public override async Task RunUntilIdleAsync()
    {
        DateTimeOffset giveUp = DateTimeOffset.UtcNow.AddMinutes(2);
        do
        {
            await RunUntilQuietAsync(giveUp);
        }
        while (await AnyVisibleQueueMessageAsync());
    }

    private async Task RunUntilQuietAsync(DateTimeOffset giveUp)
    {
        DateTimeOffset quietSince = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - quietSince < Quiet)
        {
            bool any = await Worker.ProcessNextOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            any |= await Worker.ProcessNextActivityWorkItemAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            if (any)
            {
                quietSince = DateTimeOffset.UtcNow;
            }

            if (DateTimeOffset.UtcNow > giveUp)
            {
                throw new TimeoutException("The worker is still busy after 2 minutes.");
            }
        }
    }

    /// <summary>Moves the (virtual) clock in a few steps; after each, waits long enough for a chained timer's hop to surface.</summary>
    public override async Task AdvanceTimeAsync(TimeSpan delay)
    {
        await RunUntilIdleAsync();
        if (_time is not FakeTimeProvider fake)
        {
            await Task.Delay(delay);
            await RunUntilIdleAsync();
            return;
        }

        // Jump from one known due time (hops the backend has seen) to the next, so every timer fires on time.
        DateTimeOffset target = fake.GetUtcNow() + delay;
        for (int steps = 0; fake.GetUtcNow() < target && steps < 20; steps++)
        {
            DateTimeOffset next = AzureBackend.NextDeferredDueAt is { } due && due > fake.GetUtcNow() && due < target ? due : target;
            fake.SetUtcNow(next);
            await DrainHopsAsync();
        }
    }

    private async Task<bool> AnyVisibleQueueMessageAsync()
    {
        foreach (string queue in AzureBackend.Names.AllQueues)
        {
            var peeked = await _queues.GetQueueClient(queue).PeekMessagesAsync(1);
            if (peeked.Value.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    public override async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan? maxTime = null)
    {
        DateTimeOffset giveUp = DateTimeOffset.UtcNow.AddSeconds(90);
        DateTimeOffset virtualLimit = UtcNow + (maxTime ?? TimeSpan.FromDays(60));
        TimeSpan jump = TimeSpan.FromMinutes(1);
        while (true)
        {
            if (_hosted.Count == 0)
            {
                await RunUntilIdleAsync();
            }
            else
            {
                await Task.Delay(200);
            }

            OrchestrationMetadata? metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (metadata is { IsCompleted: true } || DateTimeOffset.UtcNow > giveUp || UtcNow >= virtualLimit)
            {
                return metadata ?? throw new InvalidOperationException($"Instance '{instanceId}' does not exist.");
            }

            if (_time is FakeTimeProvider fake)
            {
                // Nothing more happens now: jump to the next known due time, or let virtual time run in growing jumps.
                if (AzureBackend.NextDeferredDueAt is { } due && due > UtcNow && due <= virtualLimit)
                {
                    fake.SetUtcNow(due);
                }
                else
                {
                    fake.Advance(UtcNow + jump > virtualLimit ? virtualLimit - UtcNow : jump);
                    jump *= 4;
                }
                await DrainHopsAsync();
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        try
        {
            await AzureBackend.DeleteTaskHubAsync(CancellationToken.None);
        }
        catch (Azure.RequestFailedException)
        {
            // Best effort (Azurite may be stopped by a fault test).
        }
        catch (HttpRequestException)
        {
        }

        await _provider.DisposeAsync();
    }

    private async Task DrainHopsAsync()
    {
        // A chained timer surfaces within one hop (1 s) plus polling; give it that long, then run to idle.
        DateTimeOffset until = DateTimeOffset.UtcNow.AddSeconds(1.5);
        while (DateTimeOffset.UtcNow < until)
        {
            await RunUntilIdleAsync();
        }
    }
}
