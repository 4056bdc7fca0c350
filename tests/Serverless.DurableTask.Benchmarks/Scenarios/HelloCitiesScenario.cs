using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>N orchestrations of five sequential activities; reports activity calls/s and history events/s.</summary>
internal static class HelloCitiesScenario
{
    public static async Task RunAsync(string connectionString, int count, int concurrency, bool queuesOnly)
    {
        var probe = new BenchmarkProbe();
        await using var host = await BenchmarkHost.StartAsync(connectionString, concurrency, b =>
        {
            b.Services.AddSingleton(probe);
            b.AddActivity<SayHelloActivity>().AddOrchestrator<HelloCitiesOrchestrator>();
        }, queuesOnly);

        Serverless.DurableTask.AzureStorage.Storage.OperationCounter.Counts.Clear();
        var stopwatch = Stopwatch.StartNew();
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            ids[i] = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloCitiesOrchestrator), (object?)null, ct));
        TimeSpan scheduled = stopwatch.Elapsed;
        await Progress.WaitAsync(probe, count, TimeSpan.FromMinutes(10), stopwatch);
        TimeSpan finished = stopwatch.Elapsed;
        var operations = Serverless.DurableTask.AzureStorage.Storage.OperationCounter.Counts.OrderByDescending(c => c.Value).ToList();

        // Verify from storage, not from the probe: every instance Completed. The probe fires inside the last
        // step, before its checkpoint commits, so give the final commits a few seconds to land.
        int completed = 0;
        var verifying = Stopwatch.StartNew();
        do
        {
            completed = 0;
            await foreach (var instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1000 }))
            {
                completed++;
            }
        }
        while (completed < count && verifying.Elapsed < TimeSpan.FromSeconds(10) && await Task.Delay(200).ContinueWith(_ => true));

        int historyLength = (await host.Backend.GetHistoryAsync(ids[0], CancellationToken.None)).Count;
        double seconds = finished.TotalSeconds;
        Console.WriteLine($"hello-cities: {count} orchestrations x 5 activities, worker concurrency {concurrency}/{concurrency}, {(queuesOnly ? "queues only" : "local dispatch")}.");
        Console.WriteLine($"  scheduling took {scheduled.TotalSeconds:F1} s (inside the measured time); all done after {seconds:F1} s; {completed}/{count} Completed in storage.");
        Console.WriteLine($"  activity calls/s (orchestrations x activities / time, Durable's published metric): {count * 5 / seconds:F0}");
        Console.WriteLine($"  storage operations: {operations.Sum(o => o.Value)} = {(double)operations.Sum(o => o.Value) / (count * 5):F1} per activity call: "
            + string.Join(", ", operations.Select(o => $"{o.Key} {o.Value}")));
        Console.WriteLine($"  orchestrations/s: {count / seconds:F1}; history events/s: {(double)count * historyLength / seconds:F0} ({historyLength} events per instance)");
    }
}
