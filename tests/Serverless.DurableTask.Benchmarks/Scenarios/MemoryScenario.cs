using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>Process memory with 1 000 and then N pending timers (due in an hour, so parked as table rows): the engine must not hold every timer in memory.</summary>
internal static class MemoryScenario
{
    public static async Task RunAsync(string connectionString, int count, int concurrency)
    {
        Console.WriteLine($"memory: pending timers due in 1 h; worker idle after creating them.");
        foreach (int n in new[] { 1000, count })
        {
            await MeasureAsync(connectionString, n, concurrency);
        }
    }

    private static async Task MeasureAsync(string connectionString, int count, int concurrency)
    {
        var probe = new BenchmarkProbe();
        await using var host = await BenchmarkHost.StartAsync(connectionString, concurrency, b =>
        {
            b.Services.AddSingleton(probe);
            b.AddOrchestrator<TimerOrchestrator>();
        });

        var stopwatch = Stopwatch.StartNew();
        DateTime due = DateTime.UtcNow.AddHours(1);
        await ThrottledStart.RunAsync(host.Client, probe, count, _ => due, maxBacklog: 2000, stopwatch);

        // Wait until every instance ran its first step (its timer is parked), then until the commits settle.
        while (probe.Started.Count < count)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        // A timer is parked only after its step committed: counting parked rows proves every instance is Running.
        string pending = await TimersScenario.PendingAsync(host);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"  {count,7} pending timers (set up in {stopwatch.Elapsed.TotalSeconds:F0} s; {pending}): GC heap {heap / 1048576.0:F1} MB, working set {process.WorkingSet64 / 1048576.0:F1} MB, cached sessions {host.Backend.CachedInstances}.");
    }
}
