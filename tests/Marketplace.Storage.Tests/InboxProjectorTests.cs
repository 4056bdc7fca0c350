using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Serverless.Testing;

namespace Marketplace.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class InboxProjectorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Project_OlderHeaderAfterNewer_KeepsTheNewer()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        var newer = conversation with { Summary = conversation.Summary.WithMessage(PartyRole.Buyer, StorageTestContext.T0, "hi") };

        await context.Inbox.ProjectAsync(newer, CancellationToken.None);
        await context.Inbox.ProjectAsync(conversation, CancellationToken.None);

        var sellerInbox = await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.All, null, 10, CancellationToken.None);
        var entry = Assert.Single(sellerInbox.Items);
        Assert.Equal(1, entry.MessageCount);
        Assert.True(entry.AwaitingMyReply);
        Assert.Equal(1, entry.Unread);
    }

    [Fact]
    public async Task Project_NewerHeaderProjectedMeanwhile_KeepsTheNewer()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        var newer = WithBuyerMessage(conversation, "hi");
        var newest = WithBuyerMessage(newer, "again");
        var hook = new BeforeFirstWrite();
        hook.Arm(() => context.Inbox.ProjectAsync(newest, CancellationToken.None));

        // Another instance projects a newer header between this projector's read of the row and its replace.
        await new InboxProjector(context.HookedTables(hook), context.Names, new LastCommitted<Entities.InboxEntity>()).ProjectAsync(newer, CancellationToken.None);

        Assert.True(hook.Fired);
        Assert.Equal((2, 2), await MessageCountsAsync(context));
    }

    [Fact]
    public async Task Project_RowThisInstanceWroteLastReplacedByAnother_NeverGoesBack()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        var v1 = WithBuyerMessage(conversation, "one");
        var v2 = WithBuyerMessage(v1, "two");
        var v3 = WithBuyerMessage(v2, "three");
        var other = context.NewInboxProjector();
        await context.Inbox.ProjectAsync(v1, CancellationToken.None); // this instance remembers its write of v1
        await other.ProjectAsync(v3, CancellationToken.None);

        await context.Inbox.ProjectAsync(v2, CancellationToken.None); // newer than what it wrote, older than the row

        Assert.Equal((3, 3), await MessageCountsAsync(context));
        await context.Inbox.ProjectAsync(WithBuyerMessage(v3, "four"), CancellationToken.None);
        Assert.Equal((4, 4), await MessageCountsAsync(context));
    }

    [Fact]
    public async Task Project_FirstProjectionWhileANewerOneIsAdded_KeepsTheNewer()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = new Conversation(
            Identifiers.OrderConversationId("amazon", "o-1"), "amazon", ConversationKind.Order, "o-1", null, "b-1", "s-1",
            "en", OrderStatus.Placed, StorageTestContext.T0, null, [], ConversationSummary.Empty);
        var hook = new BeforeFirstWrite();
        hook.Arm(() => context.Inbox.ProjectAsync(WithBuyerMessage(conversation, "hi"), CancellationToken.None));

        // Neither row exists when this projector looks; another instance adds newer rows before this one adds its own.
        await new InboxProjector(context.HookedTables(hook), context.Names, new LastCommitted<Entities.InboxEntity>()).ProjectAsync(conversation, CancellationToken.None);

        Assert.True(hook.Fired);
        Assert.Equal((1, 1), await MessageCountsAsync(context));
    }

    [Fact]
    public async Task Project_ManyConversationsOfOneSellerAtOnce_SellerRowsReplacedTogetherAndEachShowsItsNewest()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var (projector, counter, sellerWrite, conversations) = await ProjectedOnceAsync(context, 30);

        var (requestsBefore, transactionsBefore) = (counter.Requests, counter.Count);

        // Every conversation gets two more messages at once; each is projected at both versions, the newer one last or first.
        // The first seller row written is held in flight until all have been asked for, however slow this machine is.
        sellerWrite.Arm();
        var projections = conversations.SelectMany((c, i) =>
        {
            var two = WithBuyerMessage(WithBuyerMessage(c, "one"), "two");
            var three = WithBuyerMessage(two, "three");
            return i % 2 == 0
                ? new[] { projector.ProjectAsync(two, CancellationToken.None), projector.ProjectAsync(three, CancellationToken.None) }
                : [projector.ProjectAsync(three, CancellationToken.None), projector.ProjectAsync(two, CancellationToken.None)];
        }).ToList();
        await sellerWrite.Held;
        sellerWrite.Release();
        await Task.WhenAll(projections);

        var sellerInbox = await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.All, null, 50, CancellationToken.None);
        Assert.Equal(30, sellerInbox.Items.Count);
        Assert.All(sellerInbox.Items, e => Assert.Equal(3, e.MessageCount));
        for (var i = 0; i < 30; i++)
        {
            var buyerInbox = await context.Inbox.ListAsync(PartyRole.Buyer, "amazon", $"b-{i}", InboxFilter.All, null, 10, CancellationToken.None);
            Assert.Equal(3, Assert.Single(buyerInbox.Items).MessageCount);
        }

        // Each buyer row is its own inbox: written once per version at most (45 when the older version leads: 15 conversations
        // twice, 15 once). The seller's 30 rows are one inbox: a few rounds, each one request (a transaction after the first).
        var requests = counter.Requests - requestsBefore;
        Assert.True(counter.Count > transactionsBefore, "the seller's rows were never written together");
        Assert.True(requests <= 50, $"{requests} requests to project both rows of 30 conversations at two versions each");
    }

    [Fact]
    public async Task Project_TogetherWhileAnotherInstanceChangedOneRow_EachRowWrittenAloneAndNoneGoesBack()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var (projector, counter, sellerWrite, conversations) = await ProjectedOnceAsync(context, 3);

        // Another instance moves the middle conversation on to three messages behind this one's back.
        var middleThree = WithBuyerMessage(WithBuyerMessage(WithBuyerMessage(conversations[1], "one"), "two"), "three");
        await context.NewInboxProjector().ProjectAsync(middleThree, CancellationToken.None);
        var transactionsBefore = counter.Count;

        // A first projection leads, held in flight, so the others wait and are written together after it (ETag of the middle
        // row: stale).
        sellerWrite.Arm();
        var first = projector.ProjectAsync(WithBuyerMessage(WithBuyerMessage(conversations[0], "one"), "two"), CancellationToken.None);
        await sellerWrite.Held;
        var rest = conversations.Skip(1).Select(c => projector.ProjectAsync(WithBuyerMessage(WithBuyerMessage(c, "one"), "two"), CancellationToken.None)).ToList();
        sellerWrite.Release();
        await Task.WhenAll(rest.Append(first));

        var counts = (await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.All, null, 10, CancellationToken.None)).Items
            .OrderBy(e => e.OrderId, StringComparer.Ordinal).Select(e => e.MessageCount);
        Assert.Equal([2L, 3L, 2L], counts);
        Assert.True(counter.Count > transactionsBefore, "the rows were never tried together");
    }

    [Fact]
    public async Task OrdersSince_ReadsOnlyTheRowsSinceThenAndFindsEachOrder()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        foreach (var (order, hours) in new[] { ("o-old", -72), ("o-edge", -24), ("o-new", 2) })
        {
            await context.CreateOrderConversationAsync(order, createdAt: StorageTestContext.T0.AddHours(hours));
        }

        var requests = new RecordedRequests();
        var projector = new InboxProjector(context.TablesWith(requests), context.Names, new LastCommitted<Entities.InboxEntity>());

        var orders = await projector.OrdersSinceAsync("amazon", "s-1", StorageTestContext.T0.AddHours(-24), CancellationToken.None);

        Assert.Equal([StorageTestContext.T0.AddHours(-24), StorageTestContext.T0.AddHours(2)], orders.Order());
        // A key range, so the seller's older conversations are not read at all.
        Assert.Contains("RowKey lt '", Uri.UnescapeDataString(Assert.Single(requests.All).Uri.Query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Filters_KeepOnlyMatchingConversations()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var quiet = await context.CreateOrderConversationAsync("o-quiet");
        var asked = await context.CreateOrderConversationAsync("o-asked", createdAt: StorageTestContext.T0.AddMinutes(1));
        await context.Inbox.ProjectAsync(asked with { Summary = asked.Summary.WithMessage(PartyRole.Buyer, StorageTestContext.T0, "?") }, CancellationToken.None);

        var awaiting = await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.AwaitingMyReply, null, 10, CancellationToken.None);
        var unread = await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.Unread, null, 10, CancellationToken.None);
        var all = await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.All, null, 10, CancellationToken.None);

        Assert.Equal([asked.Id], awaiting.Items.Select(i => i.ConversationId));
        Assert.Equal([asked.Id], unread.Items.Select(i => i.ConversationId));
        Assert.Equal([asked.Id, quiet.Id], all.Items.Select(i => i.ConversationId));
    }

    [Fact]
    public async Task List_PagingWhileNewConversationsArriveAndOldOnesChange_NeverSkipsOrRepeats()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var existing = new List<Conversation>();
        for (var i = 0; i < 25; i++)
        {
            existing.Add(await context.CreateOrderConversationAsync($"o-{i}", createdAt: StorageTestContext.T0.AddMinutes(i)));
        }

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await context.CreateOrderConversationAsync($"new-{i}", createdAt: StorageTestContext.T0.AddDays(1).AddMinutes(i));
                var changed = existing[i];
                await context.Inbox.ProjectAsync(changed with { Summary = changed.Summary.WithMessage(PartyRole.Buyer, StorageTestContext.T0, "ping") }, CancellationToken.None);
            }
        });

        var seen = new List<string>();
        string? after = null;
        PagedList<InboxEntry> page;
        do
        {
            page = await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.All, after, 4, CancellationToken.None);
            seen.AddRange(page.Items.Select(i => i.ConversationId));
            Assert.True(Cursor.TryDecode(page.NextCursor, out var position));
            after = position;
        }
        while (page.NextCursor is not null);
        await writer;

        Assert.Equal(seen.Count, seen.Distinct().Count());
        // Every conversation that existed when paging began is listed exactly once.
        Assert.All(existing, c => Assert.Contains(c.Id, seen));
    }

    /// <summary>
    /// <paramref name="count"/> conversations of seller s-1 (buyers b-0, b-1, …), each with one message projected by a counted
    /// projector, which so knows every row it will replace, and which can hold its next write of a seller row once armed.
    /// </summary>
    private static async Task<(InboxProjector Projector, TransactionCounter Counter, HoldFirstWrite SellerWrite, List<Conversation> Conversations)> ProjectedOnceAsync(
        StorageTestContext context, int count)
    {
        var conversations = new List<Conversation>();
        for (var i = 0; i < count; i++)
        {
            conversations.Add(await context.CreateOrderConversationAsync($"o-{i}", $"b-{i}", "s-1", StorageTestContext.T0.AddMinutes(i)));
        }

        var counter = new TransactionCounter();
        var sellerWrite = new HoldFirstWrite(uri => Uri.UnescapeDataString(uri.AbsolutePath).Contains("PartitionKey='Seller~", StringComparison.Ordinal));
        var projector = new InboxProjector(context.TablesWith(counter, sellerWrite), context.Names, new LastCommitted<Entities.InboxEntity>());
        foreach (var conversation in conversations)
        {
            await projector.ProjectAsync(WithBuyerMessage(conversation, "one"), CancellationToken.None);
        }

        return (projector, counter, sellerWrite, conversations);
    }

    private static Conversation WithBuyerMessage(Conversation c, string text) =>
        c with { Summary = c.Summary.WithMessage(PartyRole.Buyer, StorageTestContext.T0, text) };

    /// <summary>The message count on the buyer's and on the seller's inbox row of the only conversation.</summary>
    private static async Task<(long Buyer, long Seller)> MessageCountsAsync(StorageTestContext context)
    {
        var buyer = await context.Inbox.ListAsync(PartyRole.Buyer, "amazon", "b-1", InboxFilter.All, null, 10, CancellationToken.None);
        var seller = await context.Inbox.ListAsync(PartyRole.Seller, "amazon", "s-1", InboxFilter.All, null, 10, CancellationToken.None);
        return (Assert.Single(buyer.Items).MessageCount, Assert.Single(seller.Items).MessageCount);
    }
}
