using System.Globalization;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>Percentiles of how late webhooks arrived against their scheduled instants.</summary>
internal static class Lateness
{
    public static void Report(string what, int expected, IEnumerable<TimeSpan> lateness) => Console.WriteLine(Describe(what, expected, lateness));

    public static string Describe(string what, int expected, IEnumerable<TimeSpan> lateness)
    {
        var sorted = lateness.Order().ToList();
        if (sorted.Count == 0)
        {
            return $"{what}: none received of {expected}";
        }

        TimeSpan At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}, {sorted.Count}/{expected} received: p50 {At(0.5).TotalMilliseconds:0} ms, p99 {At(0.99).TotalMilliseconds:0} ms, max {sorted[^1].TotalMilliseconds:0} ms; early: {sorted.Count(l => l < TimeSpan.Zero)}");
    }
}
