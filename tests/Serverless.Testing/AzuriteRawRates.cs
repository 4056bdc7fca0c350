using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Serverless.Testing;

/// <summary>
/// Azurite's raw single-entity insert and queue send rates, measured in the same run as a benchmark: the machine is
/// shared and Azurite's speed moves with its load, so benchmark figures are reported as ratios to these.
/// </summary>
public sealed record AzuriteRawRates(double Insert1, double Insert16, double Send1, double Send16)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static async Task<AzuriteRawRates> MeasureAsync(string connectionString)
    {
        var table = new TableClient(connectionString, AzuriteFixture.UniqueName("raw"));
        await table.CreateIfNotExistsAsync().ConfigureAwait(false);
        var queue = new QueueClient(connectionString, AzuriteFixture.UniqueName("raw"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync().ConfigureAwait(false);
        int n = 0;
        Task Insert() => table.AddEntityAsync(new TableEntity("p", Interlocked.Increment(ref n).ToString(CultureInfo.InvariantCulture)) { ["Data"] = "hello" });
        Task Send() => queue.SendMessageAsync("{\"hello\":1}");
        var rates = new AzuriteRawRates(
            await RateAsync(1, Insert).ConfigureAwait(false), await RateAsync(16, Insert).ConfigureAwait(false),
            await RateAsync(1, Send).ConfigureAwait(false), await RateAsync(16, Send).ConfigureAwait(false));
        await table.DeleteAsync().ConfigureAwait(false);
        await queue.DeleteAsync().ConfigureAwait(false);
        return rates;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Azurite raw rates: table insert {Insert1:F0}/s (1 in flight), {Insert16:F0}/s (16 in flight); queue send {Send1:F0}/s (1 in flight), {Send16:F0}/s (16 in flight).");

    private static async Task<double> RateAsync(int inFlight, Func<Task> operation)
    {
        int done = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (stopwatch.Elapsed < Duration)
            {
                await operation().ConfigureAwait(false);
                Interlocked.Increment(ref done);
            }
        })).ConfigureAwait(false);
        return done / stopwatch.Elapsed.TotalSeconds;
    }
}
