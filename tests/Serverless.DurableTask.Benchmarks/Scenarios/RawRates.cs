using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Serverless.Testing;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>Azurite's raw single-entity insert and queue send rates on this machine, for context.</summary>
internal static class RawRates
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(string connectionString)
    {
        var table = new TableClient(connectionString, AzuriteFixture.UniqueName("raw"));
        await table.CreateIfNotExistsAsync();
        var queue = new QueueClient(connectionString, AzuriteFixture.UniqueName("raw"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        int n = 0;
        double insert1 = await RateAsync(1, () => table.AddEntityAsync(new TableEntity("p", Interlocked.Increment(ref n).ToString(System.Globalization.CultureInfo.InvariantCulture)) { ["Data"] = "hello" }));
        double insert16 = await RateAsync(16, () => table.AddEntityAsync(new TableEntity("p", Interlocked.Increment(ref n).ToString(System.Globalization.CultureInfo.InvariantCulture)) { ["Data"] = "hello" }));
        double send1 = await RateAsync(1, () => queue.SendMessageAsync("{\"hello\":1}"));
        double send16 = await RateAsync(16, () => queue.SendMessageAsync("{\"hello\":1}"));
        Console.WriteLine($"Azurite raw rates: table insert {insert1:F0}/s (1 in flight), {insert16:F0}/s (16 in flight); queue send {send1:F0}/s (1 in flight), {send16:F0}/s (16 in flight).");
        await table.DeleteAsync();
        await queue.DeleteAsync();
    }

    private static async Task<double> RateAsync(int inFlight, Func<Task> operation)
    {
        int done = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (stopwatch.Elapsed < Duration)
            {
                await operation();
                Interlocked.Increment(ref done);
            }
        }));
        return done / stopwatch.Elapsed.TotalSeconds;
    }
}
