using System.Diagnostics;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>
/// Starts many timer orchestrations while keeping the backlog of not-yet-run start messages bounded. Azurite's queue
/// operations cost time in proportion to the messages stored, so pouring 100 000 starts into the control queues at
/// once makes every later queue operation slow and the set-up quadratic. Real deadlines arrive spread over a day.
/// </summary>
internal static class ThrottledStart
{
    public static async Task RunAsync(DurableTaskClient client, BenchmarkProbe probe, int count, Func<int, DateTime> dueOf, int maxBacklog, Stopwatch stopwatch)
    {
        const int slice = 500;
        TimeSpan lastPrint = stopwatch.Elapsed;
        for (int first = 0; first < count; first += slice)
        {
            while (first - probe.Started.Count > maxBacklog)
            {
                await Task.Delay(100);
            }

            await Parallel.ForEachAsync(Enumerable.Range(first, Math.Min(slice, count - first)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator), dueOf(i), ct));
            if (stopwatch.Elapsed - lastPrint > TimeSpan.FromSeconds(30))
            {
                lastPrint = stopwatch.Elapsed;
                Console.WriteLine($"  ... {first + slice} scheduled, {probe.Started.Count} first steps ran after {stopwatch.Elapsed.TotalSeconds:F0} s");
            }
        }
    }
}
