using System.Globalization;

namespace Marketplace.ContentPolicy.Benchmarks;

/// <summary>
/// CPU time of the current thread (Linux /proc/thread-self/schedstat), so the report can separate the engine's own
/// cost from time the thread spent waiting for a core on a shared machine.
/// </summary>
internal static class ThreadCpu
{
    private const string SchedStat = "/proc/thread-self/schedstat";

    /// <summary>Nanoseconds this thread has run on a CPU, or -1 where the kernel does not expose it.</summary>
    public static long Nanoseconds()
    {
        if (!File.Exists(SchedStat))
        {
            return -1;
        }

        var first = File.ReadAllText(SchedStat).Split(' ')[0];
        return long.Parse(first, CultureInfo.InvariantCulture);
    }
}
