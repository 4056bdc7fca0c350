using Azure.Data.Tables;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Serverless.Testing;

namespace Marketplace.Storage.Tests;

/// <summary>
/// Appends to one conversation that arrive while another is being committed go together in one transaction: each is
/// decided on the conversation as the ones before it left it, numbered in arrival order, and answered as if alone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GroupCommitTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = StorageTestContext.T0;

    [Fact]
    public async Task ConcurrentAppends_AllStoredOnceNumberedWithoutGaps_InFewerTransactions()
    {
        var (context, store, counter, id) = await CountedAsync();
        await store.AppendMessageAsync(id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "first", T0), CancellationToken.None);
        var before = counter.Count;

        var results = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => store.AppendMessageAsync(
            id, Deduplication.ForEvent($"e-{i}"), _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", $"m{i}", T0.AddSeconds(i)), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(2, 40).Select(i => (long)i), results.Select(r => r.Message.Sequence).Order());
        Assert.All(results, r => Assert.Equal(r.Message.Sequence, r.Conversation.Summary.MessageCount));
        var messages = (await context.Conversations.ListMessagesAsync(id, 0, 100, CancellationToken.None)).Items;
        Assert.Equal(41, messages.Count);
        Assert.Equal(40, messages.Skip(1).Select(m => m.Text).Distinct().Count());
        Assert.Equal(41, (await context.Conversations.GetAsync(id, CancellationToken.None))!.Summary.MessageCount);
        Assert.True(counter.Count - before < 40, $"{counter.Count - before} transactions for 40 appends: none were combined");
    }

    [Fact]
    public async Task ConcurrentAppends_OneRefused_OnlyThatOneFailsAndTheOthersAreNumberedWithoutIt()
    {
        var (context, store, _, id) = await CountedAsync();
        await store.AppendMessageAsync(id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "first", T0), CancellationToken.None);

        var appends = Enumerable.Range(1, 12).Select(i => store.AppendMessageAsync(id, null, _ => i == 6
            ? throw new MessagingException(MessagingError.Forbidden, "refused_for_test", "refused")
            : StorageTestContext.Text(PartyRole.Buyer, "b-1", $"m{i}", T0.AddSeconds(i)), CancellationToken.None)).ToList();

        var refusal = await Assert.ThrowsAsync<MessagingException>(() => appends[5]);
        Assert.Equal("refused_for_test", refusal.Code);
        var stored = await Task.WhenAll(appends.Where((_, i) => i != 5));
        Assert.Equal(Enumerable.Range(2, 11).Select(i => (long)i), stored.Select(r => r.Message.Sequence).Order());
        var messages = (await context.Conversations.ListMessagesAsync(id, 0, 100, CancellationToken.None)).Items;
        Assert.DoesNotContain(messages, m => m.Text == "m6");
        Assert.Equal(12, messages.Count);
    }

    [Fact]
    public async Task ConcurrentAppends_SameDeduplicationTwice_StoredOnceBothAnsweredWithIt()
    {
        var (context, store, _, id) = await CountedAsync();
        await store.AppendMessageAsync(id, null, _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", "first", T0), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => store.AppendMessageAsync(
            id, Deduplication.ForEvent(i % 5 == 0 ? "e-same" : $"e-{i}"), _ => StorageTestContext.Text(PartyRole.Buyer, "b-1", $"m{i}", T0.AddSeconds(i)),
            CancellationToken.None)));

        var same = results.Where((_, i) => (i + 1) % 5 == 0).ToList();
        Assert.Single(same, r => r.WasDuplicate);
        Assert.Equal(same[0].Message.Sequence, same[1].Message.Sequence);
        var messages = (await context.Conversations.ListMessagesAsync(id, 0, 100, CancellationToken.None)).Items;
        Assert.Equal(10, messages.Count); // "first" and nine distinct events
        Assert.Equal(messages.Count, (await context.Conversations.GetAsync(id, CancellationToken.None))!.Summary.MessageCount);
    }

    private async Task<(StorageTestContext Context, ConversationStore Store, TransactionCounter Counter, string ConversationId)> CountedAsync()
    {
        var context = await StorageTestContext.CreateAsync(azurite);
        var conversation = await context.CreateOrderConversationAsync();
        var counter = new TransactionCounter();
        var store = new ConversationStore(context.TablesWith(counter), context.Names, new KeyedAsyncLock(), new LastCommitted<Conversation>());
        return (context, store, counter, conversation.Id);
    }
}
