using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Serverless.Testing;

namespace Marketplace.Storage.Tests;

/// <summary>Stores over Azurite with names of their own, so each test sees only its own data.</summary>
internal sealed class StorageTestContext
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private StorageTestContext(AzuriteFixture azurite, StorageNames names)
    {
        ConnectionString = azurite.ConnectionString;
        Tables = new TableServiceClient(azurite.ConnectionString);
        Names = names;
        Conversations = NewConversationStore();
        Inbox = NewInboxProjector();
    }

    public TableServiceClient Tables { get; }

    public string ConnectionString { get; }

    public StorageNames Names { get; }

    public ConversationStore Conversations { get; }

    public InboxProjector Inbox { get; }

    public static async Task<StorageTestContext> CreateAsync(AzuriteFixture azurite)
    {
        var names = new StorageNames(AzuriteFixture.UniqueName("st"));
        var context = new StorageTestContext(azurite, names);
        await new StorageInitializer(
            context.Tables, new BlobServiceClient(azurite.ConnectionString), new QueueServiceClient(azurite.ConnectionString), names)
            .EnsureCreatedAsync(CancellationToken.None);
        return context;
    }

    /// <summary>Another store over the same tables, as a second app instance would have (its own in-process lock).</summary>
    public ConversationStore NewConversationStore() => new(Tables, Names, new KeyedAsyncLock(), new LastCommitted<Conversation>());

    /// <summary>Another inbox projector over the same tables, as a second app instance would have.</summary>
    public InboxProjector NewInboxProjector() => new(Tables, Names, new LastCommitted<Entities.InboxEntity>());

    /// <summary>Tables whose first write after <paramref name="hook"/> is armed waits for the armed action (another writer's commit).</summary>
    public TableServiceClient HookedTables(BeforeFirstWrite hook) => TablesWith(hook);

    /// <summary>Tables whose every request passes through <paramref name="policies"/> (counting, recording or holding requests).</summary>
    public TableServiceClient TablesWith(params Azure.Core.Pipeline.HttpPipelinePolicy[] policies)
    {
        var options = new TableClientOptions();
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerCall);
        }

        return new TableServiceClient(ConnectionString, options);
    }

    public async Task<Conversation> CreateOrderConversationAsync(string orderId = "o-1", string buyer = "b-1", string seller = "s-1", DateTimeOffset? createdAt = null)
    {
        var conversation = new Conversation(
            Identifiers.OrderConversationId("amazon", orderId), "amazon", ConversationKind.Order, orderId, null, buyer, seller,
            "en", OrderStatus.Placed, createdAt ?? T0, null, [new OrderItem("SKU", "Lamp", 1)], ConversationSummary.Empty);
        Assert.True(await Conversations.TryCreateAsync(conversation, CancellationToken.None));
        await Inbox.ProjectAsync(conversation, CancellationToken.None);
        return conversation;
    }

    public static NewMessage Text(PartyRole role, string author, string text, DateTimeOffset? at = null) =>
        new(role, author, text, at ?? T0, null, MessageSource.Api, null, [], []);
}
