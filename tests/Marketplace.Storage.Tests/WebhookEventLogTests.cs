using Serverless.Testing;

namespace Marketplace.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class WebhookEventLogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AcceptedAmong_ManyEventsRecordedBefore_FindsTheAcceptedOnesByReadingOnlyTheirRows()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var recorded = Enumerable.Range(0, 300).Select(i => ($"e-{i}", "message.received")).ToList();
        await new WebhookEventLog(context.Tables, context.Names).RecordAcceptedAsync("amazon", recorded, StorageTestContext.T0, CancellationToken.None);
        await new WebhookEventLog(context.Tables, context.Names).RecordAcceptedAsync("ebay", [("new-1", "message.received")], StorageTestContext.T0, CancellationToken.None);
        var requests = new RecordedRequests();
        var log = new WebhookEventLog(context.TablesWith(requests), context.Names);
        string[] asked = ["e-7", "new-1", "e-299", "new-2", "e-7", "e-150"];

        var accepted = await log.AcceptedAmongAsync("amazon", asked, CancellationToken.None);

        Assert.Equal(["e-150", "e-299", "e-7"], accepted.Order(StringComparer.Ordinal));
        // One point read per distinct id (the row's address, no filter): never a query that scans the marketplace's history.
        Assert.Equal(5, requests.All.Count);
        Assert.All(requests.All, r =>
        {
            Assert.Equal(Azure.Core.RequestMethod.Get, r.Method);
            Assert.Contains("(PartitionKey='amazon',RowKey='", Uri.UnescapeDataString(r.Uri.AbsolutePath), StringComparison.Ordinal);
            Assert.DoesNotContain("$filter", Uri.UnescapeDataString(r.Uri.Query), StringComparison.Ordinal);
        });
    }
}
