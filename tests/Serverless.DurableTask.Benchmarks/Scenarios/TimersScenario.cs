using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>N pending timers due within a 10-second window; reports lateness (resume time minus due time) p50/p99/max.</summary>
internal static class TimersScenario
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(string connectionString, int count, int concurrency, int? leadSeconds)
    {
        var probe = new BenchmarkProbe();
        await using var host = await BenchmarkHost.StartAsync(connectionString, concurrency, b =>
        {
            b.Services.AddSingleton(probe);
            b.AddOrchestrator<TimerOrchestrator>();
        });

        // Every timer must be created (first step committed) before the window opens: lead time scales with N.
        TimeSpan lead = TimeSpan.FromSeconds(leadSeconds ?? Math.Max(20, count / 100));
        DateTime windowStart = DateTime.UtcNow + lead;
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator), windowStart + (Window * i / count), ct));
        Console.WriteLine($"timers: {count} scheduled in {stopwatch.Elapsed.TotalSeconds:F1} s; window opens {lead.TotalSeconds:F0} s after the start.");
        await Progress.WaitAsync(probe, count, lead + Window + TimeSpan.FromMinutes(5), stopwatch);

        var lateness = probe.Done.Values.Select(t => t.TotalMilliseconds).Order().ToList();
        Console.WriteLine($"  timer lateness (orchestrator resumed - due), ms: p50 {Percentile(lateness, 0.50):F0}, p99 {Percentile(lateness, 0.99):F0}, max {lateness[^1]:F0}, min {lateness[0]:F0}");
        Console.WriteLine($"  {lateness.Count(l => l < 0)} fired early (must be 0).");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
