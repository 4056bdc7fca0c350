using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Testing;

/// <summary>
/// What Azurite spends (its own CPU, per request) on each kind of table request a stored message makes, next to the raw
/// single-entity insert the benchmark's ratios divide by. Azurite is one JavaScript thread, so when it is the bottleneck
/// these costs, not the request count alone, set how far the end-to-end rate can get towards the raw rate.
/// Each kind runs for a few seconds with 16 requests in flight; rows of about 1 KB, as a message's are.
/// </summary>
internal static class AzuriteOperationCosts
{
    private const int InFlight = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);
    private static readonly string Text = new('x', 1000);

    public static async Task RunAsync(AzuriteProcess azurite)
    {
        var table = new TableClient(azurite.Endpoints.ConnectionString, AzuriteFixture.UniqueName("costs"));
        await table.CreateAsync();
        var next = 0;
        string NextKey() => Interlocked.Increment(ref next).ToString("D10", CultureInfo.InvariantCulture);

        var raw = await MeasureAsync(azurite, "raw insert (one small entity)", _ => table.AddEntityAsync(new TableEntity("raw", NextKey()) { ["Data"] = "hello" }));
        await MeasureAsync(azurite, "insert, 1 KB row", w => table.AddEntityAsync(Row($"insert-{w}", NextKey())));
        // Each of the 16 writers replaces its own row under the ETag of its last write, as an inbox row is.
        var etags = await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async w => (await table.UpsertEntityAsync(Row($"update-{w}", "row"))).Headers.ETag!.Value));
        await MeasureAsync(azurite, "replace under ETag, 1 KB row", async w =>
            etags[w] = (await table.UpdateEntityAsync(Row($"update-{w}", "row"), etags[w], TableUpdateMode.Replace)).Headers.ETag!.Value);
        await MeasureAsync(azurite, "point read, 1 KB row", async w => await table.GetEntityAsync<TableEntity>($"update-{w}", "row"));

        // A message's commit: the conversation's header replaced, the message, its outbox event and its dedupe marker added.
        var headers = await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async w => (await table.UpsertEntityAsync(Row($"commit-{w}", "header"))).Headers.ETag!.Value));
        await MeasureAsync(azurite, "transaction: header + 3 rows added", async w =>
        {
            var key = NextKey();
            var responses = await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, Row($"commit-{w}", "header"), headers[w]),
                new TableTransactionAction(TableTransactionActionType.Add, Row($"commit-{w}", "message-" + key)),
                new TableTransactionAction(TableTransactionActionType.Add, Row($"commit-{w}", "event-" + key)),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"commit-{w}", "dedupe-" + key) { ["Sequence"] = 1 }),
            ]);
            headers[w] = responses.Value[0].Headers.ETag!.Value;
        });
        Console.WriteLine($"(each figure is Azurite's CPU per request; {raw:0.000} ms per raw insert is what the ratios divide by)");
        Console.WriteLine();
        await table.DeleteAsync();
    }

    private static async Task<double> MeasureAsync(AzuriteProcess azurite, string name, Func<int, Task> request)
    {
        var done = 0;
        var cpuBefore = azurite.ProcessorTime();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async writer =>
        {
            while (stopwatch.Elapsed < Duration)
            {
                await request(writer);
                Interlocked.Increment(ref done);
            }
        }));
        var perRequest = (azurite.ProcessorTime() - cpuBefore).TotalMilliseconds / done;
        Console.WriteLine($"Azurite cost, {name + ":",-38} {perRequest,6:0.000} ms/request ({done / stopwatch.Elapsed.TotalSeconds:0}/s)");
        return perRequest;
    }

    private static TableEntity Row(string partitionKey, string rowKey)
    {
        var row = new TableEntity(partitionKey, rowKey) { ["Text"] = Text };
        for (var i = 0; i < 11; i++)
        {
            row["Property" + i.ToString(CultureInfo.InvariantCulture)] = "value-" + i.ToString(CultureInfo.InvariantCulture);
        }

        return row;
    }
}
