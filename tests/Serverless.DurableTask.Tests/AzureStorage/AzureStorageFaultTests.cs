using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>Crashes at every stage of a step, racing engines, duplicate delivery and a storage restart, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageFaultTests(AzuriteFixture azurite)
{
    private const int Instances = 6;

    public static TheoryData<string, bool> Stages() => new()
    {
        { nameof(FaultStage.AfterCommit), true },
        { nameof(FaultStage.AfterCommit), false },
        { nameof(FaultStage.AfterSend), true },
        { nameof(FaultStage.AfterSend), false },
        { nameof(FaultStage.BeforeActivityResponse), true },
        { nameof(FaultStage.BeforeActivityResponse), false },
        { nameof(FaultStage.AfterActivityResponse), false },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task Step_CrashAtStage_EachInstanceCompletesOnceWithSameOutputs(string stageName, bool localDispatch)
    {
        var stage = Enum.Parse<FaultStage>(stageName);
        await using var host = await AzureStorageTestHost.StartAsync(azurite.ConnectionString, Register,
            configureBackend: o => o.LocalDispatch = localDispatch, startWorker: true);
        var crashed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        host.AzureBackend.FaultHook = (at, instanceId) =>
        {
            // Every instance crashes once at this stage (the first time it gets there).
            if (at == stage && crashed.TryAdd(instanceId, true))
            {
                throw new SimulatedCrashException(at);
            }
        };

        var ids = new List<string>();
        for (int i = 0; i < Instances; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ThreeStepOrchestrator), i * 100));
        }

        var results = await Task.WhenAll(ids.Select(id => WaitAsync(host, id)));
        var effects = host.Services.GetRequiredService<EffectLog>().Counts;

        Assert.Equal(Instances, crashed.Count);
        for (int i = 0; i < Instances; i++)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, results[i].RuntimeStatus);
            Assert.Equal([(i * 100 + 1) * 10, (i * 100 + 2) * 10, (i * 100 + 3) * 10], results[i].ReadOutputAs<List<int>>());
            var history = await host.Backend.GetHistoryAsync(ids[i], CancellationToken.None);
            Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
            Assert.Equal(3, history.OfType<TaskScheduledEvent>().Count());
            Assert.Single(history.OfType<ExecutionCompletedEvent>());
        }

        Assert.Equal(Instances * 3, effects.Count);
        Assert.All(effects.Values, n => Assert.InRange(n, 1, 3));
    }

    [Fact]
    public async Task TwoEngines_SameTaskHub_AllInstancesCompleteExactlyOnce()
    {
        string hub = AzuriteFixture.UniqueName("race");
        await using var first = await AzureStorageTestHost.StartAsync(azurite.ConnectionString, Register, taskHubName: hub, startWorker: true,
            configureBackend: o => o.LocalDispatch = false);
        await using var second = await AzureStorageTestHost.StartAsync(azurite.ConnectionString, Register, taskHubName: hub, startWorker: true,
            configureBackend: o => o.LocalDispatch = false);

        var ids = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            ids.Add(await (i % 2 == 0 ? first : second).Client.ScheduleNewOrchestrationInstanceAsync(nameof(ThreeStepOrchestrator), i));
        }

        var results = await Task.WhenAll(ids.Select(id => WaitAsync(first, id, TimeSpan.FromSeconds(90))));
        var effects = first.Services.GetRequiredService<EffectLog>().Counts.Keys
            .Concat(second.Services.GetRequiredService<EffectLog>().Counts.Keys).Distinct().Count();

        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        foreach (string id in ids)
        {
            var history = await first.Backend.GetHistoryAsync(id, CancellationToken.None);
            Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
            Assert.Single(history.OfType<ExecutionStartedEvent>());
            Assert.Single(history.OfType<ExecutionCompletedEvent>());
        }

        Assert.Equal(10 * 3, effects);
    }

    [Fact]
    public async Task SendMessageAsync_SameMessageDeliveredTwice_CountsOnce()
    {
        await using var host = await AzureStorageTestHost.StartAsync(azurite.ConnectionString, Register, startWorker: true);
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoEventSumOrchestrator));
        await host.Client.WaitForInstanceStartAsync(id);
        var duplicate = new OrchestrationMessage { MessageId = "client-event-1", InstanceId = id, Event = new EventRaisedEvent(-1, host.UtcNow, "Add", "5") };

        await host.Backend.SendMessageAsync(duplicate, CancellationToken.None);
        await host.Backend.SendMessageAsync(duplicate, CancellationToken.None);
        await Task.Delay(1500);
        await host.Backend.SendMessageAsync(duplicate with { MessageId = "client-event-2", Event = new EventRaisedEvent(-1, host.UtcNow, "Add", "7") }, CancellationToken.None);
        var result = await WaitAsync(host, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(12, result.ReadOutputAs<int>());
        Assert.Equal(2, (await host.Backend.GetHistoryAsync(id, CancellationToken.None)).OfType<EventRaisedEvent>().Count());
    }

    [Fact]
    public async Task AzuriteRestartedMidRun_AllInstancesCompleteOnce()
    {
        string data = Path.Combine(Path.GetTempPath(), AzuriteFixture.UniqueName("azurite"));
        await using var storage = await AzuriteProcess.StartAsync(dataDirectory: data);
        try
        {
            await using var host = await AzureStorageTestHost.StartAsync(storage.Endpoints.ConnectionString, Register, startWorker: true,
                configureBackend: o => o.ControlQueueVisibilityTimeout = o.WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(5));
            var ids = new List<string>();
            for (int i = 0; i < 10; i++)
            {
                ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerThenStepsOrchestrator), i));
            }

            // Kill storage while every instance waits on its timer. Azurite persists to disk every ~5 s and a kill loses
            // the last few seconds (real Azure does not), so the kill comes after a quiet phase, not mid-write.
            await Task.WhenAll(ids.Select(id => host.Client.WaitForInstanceStartAsync(id)));
            await Task.Delay(6500);
            await storage.StopAsync();
            await Task.Delay(2000);
            await storage.RestartAsync();
            var results = await Task.WhenAll(ids.Select(id => WaitAsync(host, id, TimeSpan.FromSeconds(90))));

            Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
            foreach (string id in ids)
            {
                var history = await host.Backend.GetHistoryAsync(id, CancellationToken.None);
                Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
                Assert.Single(history.OfType<ExecutionCompletedEvent>());
            }
        }
        finally
        {
            await storage.StopAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static void Register(DurableTaskBuilder builder)
    {
        builder.Services.AddSingleton<EffectLog>();
        builder.AddActivity<RecordEffectActivity>().AddOrchestrator<ThreeStepOrchestrator>().AddOrchestrator<TwoEventSumOrchestrator>()
            .AddOrchestrator<TimerThenStepsOrchestrator>();
    }

    private static async Task<OrchestrationMetadata> WaitAsync(AzureStorageTestHost host, string id, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(45));
        while (true)
        {
            try
            {
                var metadata = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, cancel.Token);
                if (metadata is { IsCompleted: true })
                {
                    return metadata;
                }
            }
            catch (Azure.RequestFailedException)
            {
                // Storage is restarting.
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200, cancel.Token);
        }
    }
}
