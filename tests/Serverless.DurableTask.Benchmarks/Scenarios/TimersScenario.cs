using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>
/// N timers, all pending at once, due spread evenly over a window that opens after a lead time; reports lateness
/// (orchestrator resumed minus due time) p50/p99/max. With a lead beyond the parking horizon (5 min) the timers wait
/// as parked rows, as 24-hour deadlines do; a short window makes it a burst that measures firing throughput.
/// </summary>
internal static class TimersScenario
{
    public static async Task RunAsync(string connectionString, int count, int concurrency, int? leadSeconds, int windowSeconds, int background)
    {
        var probe = new BenchmarkProbe();
        await using var host = await BenchmarkHost.StartAsync(connectionString, concurrency, b =>
        {
            b.Services.AddSingleton(probe);
            b.AddOrchestrator<TimerOrchestrator>();
        });

        // Every timer must be created (first step committed) before the window opens: lead time scales with N.
        TimeSpan lead = TimeSpan.FromSeconds(leadSeconds ?? Math.Max(20, count / 100));
        TimeSpan window = TimeSpan.FromSeconds(windowSeconds);
        DateTime windowStart = DateTime.UtcNow + lead;
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator), windowStart + (window * i / count), ct));
        Console.WriteLine($"timers: {count} scheduled in {stopwatch.Elapsed.TotalSeconds:F1} s; due over {window.TotalSeconds:F0} s from {lead.TotalSeconds:F0} s after the start ({count / window.TotalSeconds:F0} due per second).");

        // Background: timers due in an hour, pending all through the measured window (not measured themselves).
        DateTime later = DateTime.UtcNow.AddHours(1);
        await Parallel.ForEachAsync(Enumerable.Range(0, background), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator), later, ct));
        if (background > 0)
        {
            Console.WriteLine($"  plus {background} background timers due in 1 h, scheduled by {stopwatch.Elapsed.TotalSeconds:F1} s.");
        }

        while (probe.Started.Count < count + background && stopwatch.Elapsed < lead)
        {
            await Task.Delay(200);
        }

        Console.WriteLine($"  {probe.Started.Count} first steps ran by {stopwatch.Elapsed.TotalSeconds:F1} s; then {await PendingAsync(host)}.");
        var stalls = new StorageStallProbe(host.TableService.GetTableClient(host.Backend.Names.TimersTable));
        await Progress.WaitAsync(probe, count, lead + window + TimeSpan.FromMinutes(5), stopwatch);
        await stalls.DisposeAsync();
        Console.WriteLine($"  while the measured timers fired: {await PendingAsync(host)}.");

        var lateness = probe.Done.Values.Select(t => t.TotalMilliseconds).Order().ToList();
        Console.WriteLine($"  timer lateness (orchestrator resumed - due), ms: p50 {Percentile(lateness, 0.50):F0}, p99 {Percentile(lateness, 0.99):F0}, max {lateness[^1]:F0}, min {lateness[0]:F0}");
        Console.WriteLine($"  {lateness.Count(l => l < 0)} fired early (must be 0).");

        // Where the tail comes from: the ten-second slices of the window whose timers were latest.
        var slices = probe.Done
            .GroupBy(d => (int)((probe.Due[d.Key] - windowStart).TotalSeconds / 10) * 10)
            .Select(g => (Start: g.Key, Count: g.Count(), Max: g.Max(d => d.Value.TotalMilliseconds), Late: g.Count(d => d.Value > TimeSpan.FromSeconds(1))))
            .Where(s => s.Late > 0)
            .OrderByDescending(s => s.Max)
            .Take(8)
            .ToList();
        foreach (var (start, sliceCount, max, late) in slices.OrderBy(s => s.Start))
        {
            Console.WriteLine($"  due +{start} s to +{start + 10} s: {late} of {sliceCount} more than 1 s late, max {max:F0} ms");
        }

        foreach (var (at, took) in stalls.Stalls.Where(s => s.At >= windowStart))
        {
            Console.WriteLine($"  storage stalled at +{(at - windowStart).TotalSeconds:F0} s: one point read took {took.TotalMilliseconds:F0} ms");
        }
    }

    /// <summary>Where the pending timers are: parked rows and messages in the control queues.</summary>
    public static async Task<string> PendingAsync(BenchmarkHost host)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        int parked = 0;
        var timers = host.TableService.GetTableClient(host.Backend.Names.TimersTable);
        await foreach (var unused in timers.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
        {
            parked++;
        }

        long queued = 0;
        foreach (string queue in host.Backend.Names.ControlQueues)
        {
            var properties = await host.QueueService.GetQueueClient(queue).GetPropertiesAsync();
            queued += properties.Value.ApproximateMessagesCount;
        }

        return $"{parked} parked timer rows and {queued} control-queue messages";
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
