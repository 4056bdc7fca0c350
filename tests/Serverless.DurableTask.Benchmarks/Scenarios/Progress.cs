using System.Diagnostics;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>Waits for the probe to see N completions, printing progress every few seconds.</summary>
internal static class Progress
{
    public static async Task WaitAsync(BenchmarkProbe probe, int count, TimeSpan timeout, Stopwatch stopwatch)
    {
        TimeSpan lastPrint = stopwatch.Elapsed;
        while (probe.Done.Count < count)
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {probe.Done.Count}/{count} done after {timeout}.");
            }

            await Task.Delay(50);
            if (stopwatch.Elapsed - lastPrint > TimeSpan.FromSeconds(10))
            {
                lastPrint = stopwatch.Elapsed;
                Console.WriteLine($"  ... {probe.Done.Count}/{count} after {stopwatch.Elapsed.TotalSeconds:F0} s");
            }
        }
    }
}
