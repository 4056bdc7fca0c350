using System.Diagnostics;
using System.Globalization;
using Serverless.DurableTask.Tests.Conformance;
using Serverless.DurableTask.Tests.Conformance.Workflows;
using Xunit.Abstractions;

namespace Serverless.DurableTask.Tests.Engine;

/// <summary>Engine-only throughput (in-memory backend, no storage): the CPU cost of replay, checkpointing and dispatch.</summary>
public sealed class EngineThroughputTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task HelloCities5_1000Orchestrations_AllCompleteAndRateIsReported()
    {
        const int instances = 1000;
        string[] cities = ["Tokyo", "Seattle", "London", "Lagos", "Lima"];
        await using var host = new InMemoryTestHost(b => b.AddOrchestrator<HelloSequenceOrchestrator>().AddActivity<SayHelloActivity>());
        var ids = new List<string>(instances);
        for (int i = 0; i < instances; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), cities));
        }

        var watch = Stopwatch.StartNew();
        await host.RunUntilIdleAsync();
        watch.Stop();

        int completed = 0;
        foreach (var id in ids)
        {
            var metadata = await host.Client.GetInstanceAsync(id);
            completed += metadata!.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 1 : 0;
        }

        // Durable's "events/s" for HelloCities5 counts activity completions plus orchestration starts/completions per second.
        int events = instances * (cities.Length + 2);
        double rate = events / watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{instances} x HelloCities5 in {watch.Elapsed.TotalMilliseconds:F0} ms: {rate:F0} events/s, {instances / watch.Elapsed.TotalSeconds:F0} orchestrations/s (in-memory, engine only)"));
        Assert.Equal(instances, completed);
    }
}
