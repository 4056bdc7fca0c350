using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Serverless.Testing;

namespace Marketplace.Storage.Tests;

/// <summary>
/// Each read-modify-write of a conversation's header with another instance's change committed between its read and
/// its write (two stores, so two in-process locks: only the header's ETag can keep both changes). The header
/// afterwards must be the two changes applied one after the other: the other instance's first, then the retried one.
/// A writer that replaced the header without its ETag would lose the other change, and these tests would see it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentHeaderUpdateTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = StorageTestContext.T0;

    [Fact]
    public async Task AppendMessage_SellerMarksReadMeanwhile_KeepsTheRead()
    {
        var (context, id) = await NewConversationAsync();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m1", T0);
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m2", T0.AddMinutes(1));
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => context.Conversations.MarkReadAsync(id, PartyRole.Seller, null, DateTimeOffset.UtcNow, CancellationToken.None));

        await SendAsync(store, id, PartyRole.Buyer, "m3", T0.AddMinutes(2));

        Assert.True(hook.Fired);
        var expected = before.WithRead(PartyRole.Seller, 2, 0).WithMessage(PartyRole.Buyer, T0.AddMinutes(2), "m3");
        var actual = await SummaryAsync(context, id);
        Assert.Equal((2, 1), (actual.SellerReadThrough, actual.UnreadForSeller));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task AppendMessage_HeaderCachedByThisInstanceChangedByAnother_KeepsTheOtherChange()
    {
        var (context, id) = await NewConversationAsync();
        var other = context.NewConversationStore();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m1", T0); // this instance now starts its next append from m1's header
        await other.MarkReadAsync(id, PartyRole.Seller, null, T0.AddMinutes(1), CancellationToken.None); // changes the header only

        var appended = await SendAsync(context.Conversations, id, PartyRole.Buyer, "m2", T0.AddMinutes(2));

        Assert.Equal(2, appended.Message.Sequence);
        var summary = await SummaryAsync(context, id);
        Assert.Equal((2L, "m2", 1L, 1), (summary.MessageCount, summary.LastMessagePreview, summary.SellerReadThrough, summary.UnreadForSeller));
    }

    [Fact]
    public async Task AppendMessage_HeaderCachedByThisInstanceAnotherAppendedSince_NumbersAfterIt()
    {
        var (context, id) = await NewConversationAsync();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m1", T0);
        await SendAsync(context.NewConversationStore(), id, PartyRole.Seller, "r1", T0.AddMinutes(1));

        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m2", T0.AddMinutes(2));

        var messages = (await context.Conversations.ListMessagesAsync(id, 0, 10, CancellationToken.None)).Items;
        Assert.Equal(["m1", "r1", "m2"], messages.Select(m => m.Text));
        Assert.Equal(3, (await SummaryAsync(context, id)).MessageCount);
    }

    [Fact]
    public async Task AppendMessage_SameDeduplicationAgainFromTheCachedHeader_ReturnsTheFirstMessage()
    {
        var (context, id) = await NewConversationAsync();
        var deduplication = Deduplication.ForEvent("e-1");
        var first = await context.Conversations.AppendMessageAsync(
            id, deduplication, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "once", T0), CancellationToken.None);

        var again = await context.Conversations.AppendMessageAsync(
            id, deduplication, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "once", T0), CancellationToken.None);

        Assert.True(again.WasDuplicate);
        Assert.Equal(first.Message.Sequence, again.Message.Sequence);
        Assert.Equal(1, (await SummaryAsync(context, id)).MessageCount);
    }

    [Fact]
    public async Task MarkRead_MessageArrivesMeanwhile_KeepsTheMessage()
    {
        var (context, id) = await NewConversationAsync();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m1", T0);
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m2", T0.AddMinutes(1));
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => SendAsync(context.Conversations, id, PartyRole.Buyer, "m3", T0.AddMinutes(2)));

        await store.MarkReadAsync(id, PartyRole.Seller, null, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.True(hook.Fired);
        var expected = before.WithMessage(PartyRole.Buyer, T0.AddMinutes(2), "m3").WithRead(PartyRole.Seller, 3, 0);
        var actual = await SummaryAsync(context, id);
        Assert.Equal((3, "m3"), (actual.MessageCount, actual.LastMessagePreview));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task AppendMessage_SellerEndsTheWaitMeanwhile_StartsANewWaitFromThisMessage()
    {
        var (context, id) = await NewConversationAsync();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m1", T0);
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => context.Conversations.EndWaitWithoutReplyAsync(id, DateTimeOffset.UtcNow, CancellationToken.None));

        await SendAsync(store, id, PartyRole.Buyer, "m2", T0.AddHours(1));

        Assert.True(hook.Fired);
        var expected = WithoutWait(before).WithMessage(PartyRole.Buyer, T0.AddHours(1), "m2");
        var actual = await SummaryAsync(context, id);
        Assert.Equal((PartyRole.Seller, T0.AddHours(1)), (actual.AwaitingReplyFrom, actual.AwaitingReplySince));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task EndWaitWithoutReply_MessageArrivesMeanwhile_KeepsTheMessage()
    {
        var (context, id) = await NewConversationAsync();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "m1", T0);
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => SendAsync(context.Conversations, id, PartyRole.Buyer, "m2", T0.AddHours(1)));

        await store.EndWaitWithoutReplyAsync(id, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.True(hook.Fired);
        var expected = WithoutWait(before.WithMessage(PartyRole.Buyer, T0.AddHours(1), "m2"));
        var actual = await SummaryAsync(context, id);
        Assert.Equal((2, 2), (actual.MessageCount, actual.UnreadForSeller));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task AppendMessage_AdminApprovesAHeldMessageMeanwhile_KeepsTheDelivery()
    {
        var (context, id) = await NewConversationAsync();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "held", T0, MessageStatus.Held);
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => context.Conversations.ResolveHeldAsync(id, 1, approve: true, DateTimeOffset.UtcNow, CancellationToken.None));

        await SendAsync(store, id, PartyRole.Buyer, "m2", T0.AddMinutes(1));

        Assert.True(hook.Fired);
        var expected = before.WithDelivery(PartyRole.Buyer, 1, T0, "held").WithMessage(PartyRole.Buyer, T0.AddMinutes(1), "m2");
        var actual = await SummaryAsync(context, id);
        Assert.Equal((2, T0), (actual.UnreadForSeller, actual.AwaitingReplySince));
        Assert.Equal(expected, actual);
        Assert.Equal(MessageStatus.Delivered, (await context.Conversations.GetMessageAsync(id, 1, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ResolveHeld_MessageArrivesMeanwhile_KeepsTheMessage(bool approve)
    {
        var (context, id) = await NewConversationAsync();
        await SendAsync(context.Conversations, id, PartyRole.Buyer, "held", T0, MessageStatus.Held);
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => SendAsync(context.Conversations, id, PartyRole.Buyer, "m2", T0.AddMinutes(1)));

        await store.ResolveHeldAsync(id, 1, approve, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.True(hook.Fired);
        var withMessage = before.WithMessage(PartyRole.Buyer, T0.AddMinutes(1), "m2");
        var expected = approve ? withMessage.WithDelivery(PartyRole.Buyer, 1, T0, "held") : withMessage with { Version = withMessage.Version + 1 };
        var actual = await SummaryAsync(context, id);
        Assert.Equal(2, actual.MessageCount);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task AppendMessage_OrderShipsMeanwhile_KeepsTheOrderStatus()
    {
        var (context, id) = await NewConversationAsync();
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => context.Conversations.UpdateOrderStatusAsync(id, OrderStatus.Shipped, T0, "e-shipped", CancellationToken.None));

        await SendAsync(store, id, PartyRole.Buyer, "m1", T0.AddMinutes(1));

        Assert.True(hook.Fired);
        var after = (await context.Conversations.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(OrderStatus.Shipped, after.OrderStatus);
        Assert.Equal((before with { Version = before.Version + 1 }).WithMessage(PartyRole.Buyer, T0.AddMinutes(1), "m1"), after.Summary);
    }

    [Fact]
    public async Task UpdateOrderStatus_MessageArrivesMeanwhile_KeepsTheMessage()
    {
        var (context, id) = await NewConversationAsync();
        var before = await SummaryAsync(context, id);
        var (store, hook) = Hooked(context);
        hook.Arm(() => SendAsync(context.Conversations, id, PartyRole.Buyer, "m1", T0.AddMinutes(1)));

        await store.UpdateOrderStatusAsync(id, OrderStatus.Shipped, T0, "e-shipped", CancellationToken.None);

        Assert.True(hook.Fired);
        var after = (await context.Conversations.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(OrderStatus.Shipped, after.OrderStatus);
        var withMessage = before.WithMessage(PartyRole.Buyer, T0.AddMinutes(1), "m1");
        Assert.Equal(withMessage with { Version = withMessage.Version + 1 }, after.Summary);
    }

    /// <summary>
    /// The same race left to chance: one instance appends from both parties while another marks read for each. Whatever
    /// the interleaving, the header agrees with the stored messages, and no committed read is undone.
    /// </summary>
    [Fact]
    public async Task AppendAndMarkRead_RacingFromTwoInstances_HeaderAgreesWithMessagesAndCommittedReads()
    {
        var (context, id) = await NewConversationAsync();
        var writer = context.NewConversationStore();
        var reader = context.NewConversationStore();
        var appends = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                // Runs of three from each party, so each party has unread messages to mark read.
                var role = i / 3 % 2 == 0 ? PartyRole.Buyer : PartyRole.Seller;
                await SendAsync(writer, id, role, $"m{i + 1}", T0.AddMinutes(i));
            }
        });
        var reads = new List<Conversation>();
        do
        {
            reads.Add(await reader.MarkReadAsync(id, PartyRole.Seller, null, DateTimeOffset.UtcNow, CancellationToken.None));
            reads.Add(await reader.MarkReadAsync(id, PartyRole.Buyer, null, DateTimeOffset.UtcNow, CancellationToken.None));
        }
        while (!appends.IsCompleted);

        await appends;

        var messages = (await context.Conversations.ListMessagesAsync(id, 0, 1000, CancellationToken.None)).Items;
        var summary = await SummaryAsync(context, id);
        Assert.Equal(40, messages.Count);
        Assert.Equal(40, summary.MessageCount);
        Assert.Equal((messages[^1].AuthorRole, messages[^1].Text, messages[^1].SentAt), (summary.LastMessageAuthor!.Value, summary.LastMessagePreview, summary.LastMessageAt!.Value));
        foreach (var role in new[] { PartyRole.Buyer, PartyRole.Seller })
        {
            Assert.True(summary.ReadThrough(role) >= reads.Max(r => r.Summary.ReadThrough(role)), $"a committed read by the {role} was undone");
            Assert.Equal(messages.Count(m => m.AuthorRole != role && m.Sequence > summary.ReadThrough(role)), summary.UnreadFor(role));
        }
    }

    private async Task<(StorageTestContext Context, string ConversationId)> NewConversationAsync()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        return (context, conversation.Id);
    }

    /// <summary>A second instance's store whose first write, once armed, waits for the armed action.</summary>
    private static (ConversationStore Store, BeforeFirstWrite Hook) Hooked(StorageTestContext context)
    {
        var hook = new BeforeFirstWrite();
        return (new ConversationStore(context.HookedTables(hook), context.Names, new KeyedAsyncLock(), new LastCommitted<Conversation>()), hook);
    }

    private static Task<AppendResult> SendAsync(
        ConversationStore store, string conversationId, PartyRole role, string text, DateTimeOffset at, MessageStatus status = MessageStatus.Delivered) =>
        store.AppendMessageAsync(
            conversationId, null, _ => StorageTestContext.Text(role, role == PartyRole.Buyer ? "b-1" : "s-1", text, at) with { Status = status },
            CancellationToken.None);

    private static async Task<ConversationSummary> SummaryAsync(StorageTestContext context, string conversationId) =>
        (await context.Conversations.GetAsync(conversationId, CancellationToken.None))!.Summary;

    private static ConversationSummary WithoutWait(ConversationSummary summary) =>
        summary with { AwaitingReplyFrom = null, AwaitingReplySince = null, Version = summary.Version + 1 };
}
