using Serverless.Testing;

namespace Marketplace.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ReplyDeadlineStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = StorageTestContext.T0;

    [Fact]
    public async Task Set_ChangesToOtherFieldsFromTwoInstances_KeepEachOtherAndTheOpenedRecord()
    {
        // Activities write a deadline's fields without reading the row first, so each write must merge into it.
        var context = await StorageTestContext.CreateAsync(azurite);
        var first = new ReplyDeadlineStore(context.Tables, context.Names);
        var second = new ReplyDeadlineStore(context.Tables, context.Names);
        await first.OpenAsync("amazon", "s-1", "c-1", T0, T0, T0.AddDays(1), CancellationToken.None);

        await Task.WhenAll(
            first.SetAsync("amazon", "s-1", "c-1", T0, new Dictionary<string, object?> { ["Breached"] = true, ["BreachedAt"] = T0.AddDays(1) }, CancellationToken.None),
            second.SetAsync("amazon", "s-1", "c-1", T0, new Dictionary<string, object?> { ["LastNotificationError"] = "timeout" }, CancellationToken.None));

        var open = Assert.Single(await first.ListOpenAsync("amazon", "s-1", CancellationToken.None));
        Assert.Equal(new OpenDeadline("c-1", T0, T0.AddDays(1), Breached: true, LastNotificationError: "timeout"), open);
    }
}
