using Azure.Data.Tables;
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

    [Fact]
    public async Task ListOpen_ReadsTheOpenDeadlinesOnly_NotTheSellersWholeHistory()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var store = new ReplyDeadlineStore(context.Tables, context.Names);
        string[] closings = [nameof(DeadlineStatus.Answered), nameof(DeadlineStatus.NoResponseNeeded), nameof(DeadlineStatus.Unanswered)];
        for (var i = 0; i < 30; i++)
        {
            await store.OpenAsync("amazon", "s-1", $"amazon~o~{i}", T0.AddMinutes(i), T0.AddMinutes(i), T0.AddMinutes(i).AddDays(1), CancellationToken.None);
            if (i is not (7 or 3))
            {
                await store.SetAsync("amazon", "s-1", $"amazon~o~{i}", T0.AddMinutes(i), new Dictionary<string, object?> { ["Status"] = closings[i % 3] }, CancellationToken.None);
            }
        }

        await store.SetAsync("amazon", "s-1", "amazon~o~7", T0.AddMinutes(7), new Dictionary<string, object?> { ["Breached"] = true, ["BreachedAt"] = T0.AddDays(2) }, CancellationToken.None);
        await store.ListOpenAsync("amazon", "s-1", CancellationToken.None); // the once-per-seller copy of older deadlines
        var requests = new RecordedRequests();

        var open = await new ReplyDeadlineStore(context.TablesWith(requests), context.Names).ListOpenAsync("amazon", "s-1", CancellationToken.None);

        Assert.Equal(
            [new OpenDeadline("amazon~o~3", T0.AddMinutes(3), T0.AddMinutes(3).AddDays(1), false, null),
             new OpenDeadline("amazon~o~7", T0.AddMinutes(7), T0.AddMinutes(7).AddDays(1), true, null)],
            open);
        // The marker's point read, then one query over the open copies' key range: no filter on a property, which
        // Azure Tables answers by reading every deadline the seller ever had.
        Assert.Equal(2, requests.All.Count);
        var query = Uri.UnescapeDataString(requests.All[1].Uri.Query);
        Assert.Contains("RowKey ge '~open~' and RowKey lt '~open~~'", query, StringComparison.Ordinal);
        Assert.DoesNotContain("Status", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListOpen_DeadlinesRecordedBeforeTheOpenCopies_CopiedOnceThenKeptInStep()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var table = context.Tables.GetTableClient(context.Names.ReplyDeadlines);
        // As the earlier version wrote them: the record alone.
        await table.UpsertEntityAsync(Legacy("amazon~o~1", T0, "Open"));
        await table.UpsertEntityAsync(Legacy("amazon~o~2", T0.AddHours(1), "Answered"));
        await table.UpsertEntityAsync(Legacy("amazon~o~3", T0.AddHours(2), "Open"));
        var store = new ReplyDeadlineStore(context.Tables, context.Names);

        var first = await store.ListOpenAsync("amazon", "s-1", CancellationToken.None);
        await store.SetAsync("amazon", "s-1", "amazon~o~1", T0, new Dictionary<string, object?> { ["Status"] = nameof(DeadlineStatus.Answered), ["RepliedAt"] = T0.AddHours(3) }, CancellationToken.None);
        await store.SetAsync("amazon", "s-1", "amazon~o~3", T0.AddHours(2), new Dictionary<string, object?> { ["LastNotificationError"] = "timeout" }, CancellationToken.None);
        var second = await store.ListOpenAsync("amazon", "s-1", CancellationToken.None);

        Assert.Equal(["amazon~o~1", "amazon~o~3"], first.Select(d => d.ConversationId));
        Assert.Equal([new OpenDeadline("amazon~o~3", T0.AddHours(2), T0.AddHours(2).AddDays(1), false, "timeout")], second);
        // The metrics still see each deadline once, copies aside.
        var records = await store.ListSinceAsync("amazon", "s-1", T0.AddDays(-1), CancellationToken.None);
        Assert.Equal(["amazon~o~1", "amazon~o~2", "amazon~o~3"], records.Select(r => r.ConversationId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListOpen_DeadlineClosedWhileOlderOnesAreCopied_NotCopiedBackAsOpen()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        await context.Tables.GetTableClient(context.Names.ReplyDeadlines).UpsertEntityAsync(Legacy("amazon~o~1", T0, "Open"));
        var hook = new BeforeFirstWrite();
        var closing = new ReplyDeadlineStore(context.Tables, context.Names);
        hook.Arm(() => closing.SetAsync(
            "amazon", "s-1", "amazon~o~1", T0, new Dictionary<string, object?> { ["Status"] = nameof(DeadlineStatus.Answered) }, CancellationToken.None));

        var open = await new ReplyDeadlineStore(context.HookedTables(hook), context.Names).ListOpenAsync("amazon", "s-1", CancellationToken.None);

        Assert.True(hook.Fired);
        Assert.Empty(open);
        Assert.Empty(await closing.ListOpenAsync("amazon", "s-1", CancellationToken.None));
    }

    private static TableEntity Legacy(string conversationId, DateTimeOffset firstUnansweredAt, string status) =>
        new("amazon~s-1", conversationId + "~" + firstUnansweredAt.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture))
        {
            ["ConversationId"] = conversationId,
            ["FirstUnansweredAt"] = firstUnansweredAt,
            ["ClockStartedAt"] = firstUnansweredAt,
            ["DueAt"] = firstUnansweredAt.AddDays(1),
            ["Status"] = status,
        };
}
