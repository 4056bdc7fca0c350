using Azure.Data.Tables;
using Serverless.Testing;

namespace Marketplace.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class WebhookEventLogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AcceptedAmong_ManyEventsRecordedBefore_FindsTheAcceptedOnesByReadingOnlyTheirRows()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var recorded = Enumerable.Range(0, 300).Select(i => ($"e-{i}", "message.received", $"hash-{i}")).ToList();
        await new WebhookEventLog(context.Tables, context.Names).RecordNewAsync("amazon", recorded, StorageTestContext.T0, CancellationToken.None);
        await new WebhookEventLog(context.Tables, context.Names).RecordNewAsync("ebay", [("new-1", "message.received", "hash-new")], StorageTestContext.T0, CancellationToken.None);
        var requests = new RecordedRequests();
        var log = new WebhookEventLog(context.TablesWith(requests), context.Names);
        string[] asked = ["e-7", "new-1", "e-299", "new-2", "e-7", "e-150"];

        var accepted = await log.AcceptedAmongAsync("amazon", asked, CancellationToken.None);

        Assert.Equal(["e-150 hash-150", "e-299 hash-299", "e-7 hash-7"], accepted.Select(a => $"{a.Key} {a.Value}").Order(StringComparer.Ordinal));
        // One point read per distinct id (the row's address, no filter): never a query that scans the marketplace's history.
        Assert.Equal(5, requests.All.Count);
        Assert.All(requests.All, r =>
        {
            Assert.Equal(Azure.Core.RequestMethod.Get, r.Method);
            Assert.Contains("(PartitionKey='amazon',RowKey='", Uri.UnescapeDataString(r.Uri.AbsolutePath), StringComparison.Ordinal);
            Assert.DoesNotContain("$filter", Uri.UnescapeDataString(r.Uri.Query), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RecordNew_SomeRecordedBefore_ReturnsThemKeepsTheirFirstAcceptanceAndReadsOnlyAfterTheConflict()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var requests = new RecordedRequests();
        var log = new WebhookEventLog(context.TablesWith(requests), context.Names);

        var first = await log.RecordNewAsync("amazon", [("e-1", "order.created", "h1"), ("e-2", "message.received", "h2")], StorageTestContext.T0, CancellationToken.None);
        var firstRequests = requests.All;
        var second = await log.RecordNewAsync(
            "amazon", [("e-3", "message.received", "h3"), ("e-1", "order.created", "h1"), ("e-4", "message.received", "h4"), ("e-2", "message.received", "other")],
            StorageTestContext.T0.AddMinutes(5), CancellationToken.None);

        Assert.Empty(first);
        // New events cost one transaction and no read: the insert is the redelivery check.
        var batch = Assert.Single(firstRequests);
        Assert.EndsWith("$batch", batch.Uri.AbsolutePath, StringComparison.Ordinal);
        // Each with the content it was first recorded with, whatever the redelivery carries.
        Assert.Equal(["e-1 h1", "e-2 h2"], second.Select(r => $"{r.Key} {r.Value}").Order(StringComparer.Ordinal));
        // After the conflict: the failed transaction, a point read per id in it, one transaction for the new ones.
        Assert.Equal(1 + 4 + 1, requests.All.Count - firstRequests.Count);
        var rows = await context.Tables.GetTableClient(context.Names.WebhookEvents).QueryAsync<TableEntity>($"PartitionKey eq 'amazon'").ToListAsync();
        Assert.Equal(
            ["e-1 order.created h1 " + StorageTestContext.T0, "e-2 message.received h2 " + StorageTestContext.T0,
             "e-3 message.received h3 " + StorageTestContext.T0.AddMinutes(5), "e-4 message.received h4 " + StorageTestContext.T0.AddMinutes(5)],
            rows.Select(r => $"{r.RowKey} {r.GetString("Type")} {r.GetString("ContentHash")} {r.GetDateTimeOffset("AcceptedAt")}"));
    }
}
