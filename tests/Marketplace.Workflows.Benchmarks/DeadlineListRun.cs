using System.Diagnostics;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// The seller's open-deadline list against a long history (--deadline-list, with --count N): one seller with N deadlines
/// answered and 20 open, all written through the store as the workflow writes them. Reports the list's p50/p99 and, in the
/// same run, the query the list used before open deadlines had their copies (a filter on Status over the seller's whole
/// partition), so the two are compared on the same data and load.
/// </summary>
internal static class DeadlineListRun
{
    private const int Open = 20;
    private const int Samples = 30;

    public static async Task<int> RunAsync(BenchmarkOptions options, string connectionString)
    {
        var names = new StorageNames("deadlinelist");
        var tables = new TableServiceClient(connectionString);
        await tables.GetTableClient(names.ReplyDeadlines).CreateIfNotExistsAsync();
        var store = new ReplyDeadlineStore(tables, names);
        var start = DateTimeOffset.UtcNow.AddDays(-80);

        var written = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Count + Open), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var firstUnanswered = start.AddSeconds(i * 10);
            await store.OpenAsync("bench", "seller-1", $"bench~o~{i}", firstUnanswered, firstUnanswered, firstUnanswered.AddDays(1), ct);
            if (i < options.Count)
            {
                await store.SetAsync("bench", "seller-1", $"bench~o~{i}", firstUnanswered,
                    new Dictionary<string, object?> { ["Status"] = nameof(DeadlineStatus.Answered), ["RepliedAt"] = firstUnanswered.AddHours(2) }, ct);
            }
        });
        Console.WriteLine($"Seller history: {options.Count} answered deadlines and {Open} open, written in {written.Elapsed.TotalSeconds:0} s.");

        var listed = await store.ListOpenAsync("bench", "seller-1", CancellationToken.None); // the first read copies nothing here, then marks it
        if (listed.Count != Open)
        {
            Console.Error.WriteLine($"The list showed {listed.Count} open deadlines, not {Open}.");
            return 1;
        }

        var table = tables.GetTableClient(names.ReplyDeadlines);
        var earlierFilter = TableClient.CreateQueryFilter($"PartitionKey eq {"bench~seller-1"} and Status eq {nameof(DeadlineStatus.Open)}");
        var list = await TimeAsync(async () => (await store.ListOpenAsync("bench", "seller-1", CancellationToken.None)).Count);
        var earlier = await TimeAsync(async () =>
        {
            var count = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>(earlierFilter))
            {
                count++;
            }

            return count;
        });
        Console.WriteLine($"Open-deadline list ({Open} open), {Samples} reads each, one at a time:");
        Console.WriteLine($"  from the open copies:                        p50 {list.P50:0.0} ms, p99 {list.P99:0.0} ms");
        Console.WriteLine($"  the earlier query (Status over the history): p50 {earlier.P50:0.0} ms, p99 {earlier.P99:0.0} ms");
        return 0;
    }

    private static async Task<(double P50, double P99)> TimeAsync(Func<Task<int>> read)
    {
        var times = new List<double>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            if (await read() != Open)
            {
                throw new InvalidOperationException($"A read did not return the {Open} open deadlines.");
            }

            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[Samples / 2], times[(int)Math.Ceiling(Samples * 0.99) - 1]);
    }
}
