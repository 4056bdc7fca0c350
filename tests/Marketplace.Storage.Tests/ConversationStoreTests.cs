using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;
using Serverless.Testing;

namespace Marketplace.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ConversationStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RowKeys_TwoConversationsWithTheSameMessages_ShareNoRowKey()
    {
        // Azurite looks rows up by row key first: a key shared across partitions makes every point read scan them all.
        var context = await StorageTestContext.CreateAsync(azurite);
        var first = await context.CreateOrderConversationAsync("o-1");
        var second = await context.CreateOrderConversationAsync("o-2");
        foreach (var conversation in new[] { first, second })
        {
            await context.Conversations.AppendMessageAsync(
                conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "hello"), CancellationToken.None);
        }

        var rows = new List<(string Partition, string Row)>();
        await foreach (var row in context.Tables.GetTableClient(context.Names.Conversations).QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add((row.PartitionKey, row.RowKey));
        }

        var keys = rows.ToLookup(r => r.Partition, r => r.Row);
        // The header, the message and the message's event for the marketplace.
        Assert.Equal(3, keys[first.Id].Count());
        Assert.Equal(3, keys[second.Id].Count());
        Assert.Empty(keys[first.Id].Intersect(keys[second.Id]));
        Assert.Equal("hello", (await context.Conversations.GetMessageAsync(second.Id, 1, CancellationToken.None))!.Text);
    }

    [Fact]
    public async Task BuyerName_KeptThroughAnUpdate_AndAHeaderWrittenBeforeItExistedReadsWithout()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var named = new Conversation(
            Identifiers.OrderConversationId("amazon", "o-bn"), "amazon", ConversationKind.Order, "o-bn", null, "b-1", "s-1", "en", OrderStatus.Placed,
            StorageTestContext.T0, null, [new OrderItem("SKU", "Lamp", 1)], ConversationSummary.Empty) { BuyerName = "Ana María" };
        Assert.True(await context.Conversations.TryCreateAsync(named, CancellationToken.None));
        await context.Conversations.UpdateOrderStatusAsync(named.Id, OrderStatus.Shipped, StorageTestContext.T0, "ship-1", CancellationToken.None, "1Z", "UPS");
        var older = await context.CreateOrderConversationAsync("o-old");
        var table = context.Tables.GetTableClient(context.Names.Conversations);
        // As rows written before buyer names were kept: no BuyerName column at all.
        var header = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(older.Id, "header~" + older.Id)).Value;
        header.Remove("BuyerName");
        await table.UpdateEntityAsync(header, header.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var fresh = context.NewConversationStore();

        Assert.Equal("Ana María", (await fresh.GetAsync(named.Id, CancellationToken.None))!.BuyerName);
        var read = await fresh.GetAsync(older.Id, CancellationToken.None);
        Assert.Null(read!.BuyerName);
        Assert.Equal("b-1", read.BuyerId);
    }

    [Fact]
    public async Task Events_EveryChangeRecordsOneInCommitOrder_AndARepeatedRecordIsIgnored()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        var store = context.Conversations;
        await store.AppendMessageAsync(conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "hello"), CancellationToken.None);
        await store.MarkReadAsync(conversation.Id, PartyRole.Seller, null, DateTimeOffset.UtcNow, CancellationToken.None);
        var reminder = Deduplication.ForEvent("deadline-1-reminder");
        for (var i = 0; i < 2; i++)
        {
            await store.RecordEventAsync(conversation.Id, reminder,
                c => Outbox.ConversationEventData.Build("deadline.reminder", DateTimeOffset.UtcNow, c, []), CancellationToken.None);
        }

        await store.AppendMessageAsync(conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Seller, "s-1", "hi"), CancellationToken.None);

        var all = await store.ListEventsAsync(conversation.Id, null, 10, CancellationToken.None);
        Assert.Equal(["message.created", "conversation.read", "deadline.reminder", "message.created"], all.Select(e => e.Event.Type));
        Assert.Equal(all.Select(e => e.Position).Order(StringComparer.Ordinal), all.Select(e => e.Position));
        var after = await store.ListEventsAsync(conversation.Id, all[1].Position, 10, CancellationToken.None);
        Assert.Equal(all.Skip(2).Select(e => e.Position), after.Select(e => e.Position));
        Assert.Empty(await store.ListEventsAsync(conversation.Id, all[^1].Position, 10, CancellationToken.None));
    }

    [Fact]
    public async Task AppendMessage_200ConcurrentSendsFromTwoInstances_Exactly200MessagesAndHeaderAgrees()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        // Two stores: two app instances, each with its own in-process lock, so they race on the ETag.
        var stores = new[] { context.Conversations, context.NewConversationStore() };

        var sends = Enumerable.Range(0, 200).Select(i =>
        {
            var role = i % 2 == 0 ? PartyRole.Buyer : PartyRole.Seller;
            var message = StorageTestContext.Text(role, role == PartyRole.Buyer ? "b-1" : "s-1", $"message {i}");
            return stores[i % 2].AppendMessageAsync(conversation.Id, null, _ => message, CancellationToken.None);
        });
        var results = await Task.WhenAll(sends);

        var all = await ListAllAsync(context, conversation.Id);
        Assert.Equal(200, all.Count);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), all.Select(m => m.Sequence));
        Assert.Equal(200, all.Select(m => m.Text).Distinct().Count());
        Assert.Equal(all.Select(m => m.Sequence).Order(), results.Select(r => r.Message.Sequence).Order());

        var header = (await context.Conversations.GetAsync(conversation.Id, CancellationToken.None))!;
        var last = all[^1];
        Assert.Equal(200, header.Summary.MessageCount);
        Assert.Equal(last.AuthorRole, header.Summary.LastMessageAuthor);
        Assert.Equal(last.Text, header.Summary.LastMessagePreview);
        // Each party's unread count is the other party's messages after that party's own last message.
        foreach (var reader in new[] { PartyRole.Buyer, PartyRole.Seller })
        {
            var lastOwn = all.Last(m => m.AuthorRole == reader).Sequence;
            var unread = all.Count(m => m.AuthorRole != reader && m.Sequence > lastOwn);
            Assert.Equal(unread, header.Summary.UnreadFor(reader));
        }
    }

    [Fact]
    public async Task AppendMessage_SameDeduplicationTwice_StoresOnceAndReturnsTheFirstMessage()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        var dedupe = Deduplication.ForEvent("evt-42");

        var first = await context.Conversations.AppendMessageAsync(
            conversation.Id, dedupe, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "hello"), CancellationToken.None);
        var second = await context.NewConversationStore().AppendMessageAsync(
            conversation.Id, dedupe, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "hello"), CancellationToken.None);

        Assert.False(first.WasDuplicate);
        Assert.True(second.WasDuplicate);
        Assert.Equal((first.Message.Sequence, first.Message.Text), (second.Message.Sequence, second.Message.Text));
        Assert.Single(await ListAllAsync(context, conversation.Id));
    }

    [Fact]
    public async Task AppendMessage_ConcurrentDeliveriesOfOneEvent_StoreOnce()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        var dedupe = Deduplication.ForEvent("evt-race");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => context.NewConversationStore().AppendMessageAsync(
            conversation.Id, dedupe, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "once"), CancellationToken.None)));

        Assert.Single(results, r => !r.WasDuplicate);
        Assert.Single(await ListAllAsync(context, conversation.Id));
    }

    [Fact]
    public async Task AppendMessage_ValidatorRefuses_WritesNothing()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();

        await Assert.ThrowsAsync<MessagingException>(() => context.Conversations.AppendMessageAsync(
            conversation.Id, null, _ => throw new MessagingException(MessagingError.Invalid, "reason_required", "no"), CancellationToken.None));

        var header = (await context.Conversations.GetAsync(conversation.Id, CancellationToken.None))!;
        Assert.Equal(0, header.Summary.MessageCount);
        Assert.Empty(await ListAllAsync(context, conversation.Id));
    }

    [Fact]
    public async Task AppendMessage_AttachmentAlreadySent_IsRefusedAndTheSecondMessageIsNotWritten()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        await context.Conversations.AddAttachmentAsync(
            new StoredAttachment("a1", conversation.Id, PartyRole.Buyer, "b-1", "photo.png", AttachmentKind.Png, "image/png", 10, "ab", StorageTestContext.T0, null),
            CancellationToken.None);
        var withAttachment = StorageTestContext.Text(PartyRole.Buyer, "b-1", "see photo") with { AttachmentIds = ["a1"] };

        var sent = await context.Conversations.AppendMessageAsync(conversation.Id, null, _ => withAttachment, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<MessagingException>(() =>
            context.Conversations.AppendMessageAsync(conversation.Id, null, _ => withAttachment, CancellationToken.None));

        Assert.Equal("attachment_already_sent", refused.Code);
        Assert.Equal("a1", Assert.Single(sent.Message.Attachments).Id);
        Assert.Equal(1, (await context.Conversations.GetAttachmentAsync(conversation.Id, "a1", CancellationToken.None))!.MessageSequence);
        Assert.Single(await ListAllAsync(context, conversation.Id));
    }

    [Fact]
    public async Task AppendMessage_SomeoneElsesAttachment_IsRefused()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        await context.Conversations.AddAttachmentAsync(
            new StoredAttachment("a1", conversation.Id, PartyRole.Buyer, "b-1", "photo.png", AttachmentKind.Png, "image/png", 10, "ab", StorageTestContext.T0, null),
            CancellationToken.None);

        var refused = await Assert.ThrowsAsync<MessagingException>(() => context.Conversations.AppendMessageAsync(
            conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Seller, "s-1", "x") with { AttachmentIds = ["a1"] }, CancellationToken.None));

        Assert.Equal("attachment_not_found", refused.Code);
    }

    [Fact]
    public async Task AppendMessage_CreateIfMissing_CreatesTheConversationWithItsFirstMessage()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var thread = new Conversation(
            Identifiers.QuestionConversationId("amazon", "L-1", "b-1"), "amazon", ConversationKind.Question, null, "L-1", "b-1", "s-1",
            "en", OrderStatus.Placed, StorageTestContext.T0, null, [], ConversationSummary.Empty);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => context.NewConversationStore().AppendMessageAsync(
            thread.Id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", $"question {i}"), CancellationToken.None, thread)));

        var stored = (await context.Conversations.GetAsync(thread.Id, CancellationToken.None))!;
        Assert.Equal(5, stored.Summary.MessageCount);
        Assert.Equal(PartyRole.Seller, stored.Summary.AwaitingReplyFrom);
        Assert.Equal(5, (await ListAllAsync(context, thread.Id)).Count);
        Assert.Equal(5, results.Select(r => r.Message.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task ListMessages_PagingWhileOthersWrite_NeverSkipsOrRepeats()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        for (var i = 0; i < 30; i++)
        {
            await context.Conversations.AppendMessageAsync(conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", $"m{i}"), CancellationToken.None);
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var store = context.NewConversationStore();
            for (var i = 0; i < 60 && !stop.IsCancellationRequested; i++)
            {
                await store.AppendMessageAsync(conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Seller, "s-1", $"w{i}"), CancellationToken.None);
            }
        });

        var seen = new List<long>();
        long after = 0;
        PagedList<Message> page;
        do
        {
            page = await context.Conversations.ListMessagesAsync(conversation.Id, after, 7, CancellationToken.None);
            seen.AddRange(page.Items.Select(m => m.Sequence));
            after = page.Items.Count > 0 ? page.Items[^1].Sequence : after;
        }
        while (page.NextCursor is not null);
        await writer;

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen);
        Assert.True(seen.Count >= 30);
    }

    // long.MaxValue + 1 wrapped to long.MinValue, a key before every message: the first page again.
    [Theory]
    [InlineData(999_999_999_999)]
    [InlineData(long.MaxValue)]
    public async Task ListMessages_AfterTheLastPossibleSequence_IsEmpty(long after)
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        await context.Conversations.AppendMessageAsync(conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "hello"), CancellationToken.None);

        var page = await context.Conversations.ListMessagesAsync(conversation.Id, after, 10, CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task MarkRead_ThroughAnEarlierMessage_CountsTheRestAsUnread()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        for (var i = 0; i < 4; i++)
        {
            await context.Conversations.AppendMessageAsync(conversation.Id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", $"m{i}"), CancellationToken.None);
        }

        var partly = await context.Conversations.MarkReadAsync(conversation.Id, PartyRole.Seller, 1, DateTimeOffset.UtcNow, CancellationToken.None);
        var fully = await context.Conversations.MarkReadAsync(conversation.Id, PartyRole.Seller, null, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(3, partly.Summary.UnreadForSeller);
        Assert.Equal(0, fully.Summary.UnreadForSeller);
        Assert.Equal(4, fully.Summary.SellerReadThrough);
    }

    [Fact]
    public async Task UpdateOrderStatus_SameEventTwiceOrAnOlderStatus_NeverMovesBack()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();

        await context.Conversations.UpdateOrderStatusAsync(conversation.Id, OrderStatus.Completed, StorageTestContext.T0.AddDays(5), "e-done", CancellationToken.None);
        await context.Conversations.UpdateOrderStatusAsync(conversation.Id, OrderStatus.Completed, StorageTestContext.T0.AddDays(9), "e-done", CancellationToken.None);
        var late = await context.Conversations.UpdateOrderStatusAsync(conversation.Id, OrderStatus.Shipped, StorageTestContext.T0.AddDays(1), "e-shipped", CancellationToken.None);

        Assert.Equal(OrderStatus.Completed, late.OrderStatus);
        Assert.Equal(StorageTestContext.T0.AddDays(5), late.OrderCompletedAt);
    }

    private static async Task<List<Message>> ListAllAsync(StorageTestContext context, string conversationId)
    {
        var page = await context.Conversations.ListMessagesAsync(conversationId, 0, 1000, CancellationToken.None);
        return [.. page.Items];
    }
}
