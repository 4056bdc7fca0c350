using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Blobs;
using Marketplace.Functions.Messaging;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Messaging.Webhooks;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>
/// The intake's group commit (deliveries arriving together share one queue message and one event-log transaction) and
/// the queue function's side of it (a message holding several events applies each on its own).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhookGroupCommitTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly MessagingApp _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Intake_ManyDeliveriesAtOnce_QueuedInFewerMessagesEachEventOnce_RedeliveriesNotQueued()
    {
        var (intake, queue) = await IntakeWithoutConsumerAsync();
        var ids = Enumerable.Range(1, 40).Select(i => $"e-{i}").ToList();

        var first = await Task.WhenAll(ids.Select(id => intake.AcceptAsync(Queued(id), id, "message.received", CancellationToken.None)));
        var again = await Task.WhenAll(ids.Take(10).Select(id => intake.AcceptAsync(Queued(id), id, "message.received", CancellationToken.None)));

        Assert.All(first, Assert.True);
        Assert.All(again, Assert.False);
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.InRange(messages.Length, 1, 39);
        var queued = messages.SelectMany(m => QueuedMarketplaceEvents.Read(m.MessageText)).Select(e => e.Envelope.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), queued.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Intake_RedeliveriesAmongNewEvents_AnsweredAsDuplicatesAndEveryNewEventQueuedOnce()
    {
        var (intake, queue) = await IntakeWithoutConsumerAsync();
        var earlier = Enumerable.Range(1, 5).Select(i => $"e-{i}").ToList();
        Assert.All(await Task.WhenAll(earlier.Select(id => intake.AcceptAsync(Queued(id), id, "message.received", CancellationToken.None))), Assert.True);
        var mixed = Enumerable.Range(3, 6).Select(i => $"e-{i}").ToList(); // e-3..e-5 again, e-6..e-8 new

        var outcomes = await Task.WhenAll(mixed.Select(id => intake.AcceptAsync(Queued(id), id, "message.received", CancellationToken.None)));

        Assert.Equal([false, false, false, true, true, true], outcomes);
        // A redelivery may still be queued beside new events (applying it again changes nothing); no new event is lost or doubled.
        var queued = (await queue.ReceiveMessagesAsync(32)).Value.SelectMany(m => QueuedMarketplaceEvents.Read(m.MessageText))
            .Select(e => e.Envelope.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"e-{i}"), queued.Distinct().Order(StringComparer.Ordinal));
        Assert.All(new[] { "e-1", "e-2", "e-6", "e-7", "e-8" }, id => Assert.Single(queued, id));
    }

    [Fact]
    public async Task Intake_SameEventTwiceInOneFlush_QueuedOnce()
    {
        var (intake, queue) = await IntakeWithoutConsumerAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => intake.AcceptAsync(Queued("e-same"), "e-same", "message.received", CancellationToken.None)));

        Assert.Single(outcomes, accepted => accepted);
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.Single(messages.SelectMany(m => QueuedMarketplaceEvents.Read(m.MessageText)));
    }

    [Fact]
    public async Task QueuedTogether_OneEventFails_TheOtherIsAppliedAndOnlyTheFailingOneEndsInPoison()
    {
        _ = _app.Server; // the queue function runs
        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-order", "o-b", "b-1", "s-1"))).StatusCode);
        using var buyer = _app.ClientFor(new Caller(CallerRole.Buyer, "b-1", "amazon"));
        await MessagingApp.EventuallyAsync(async () => (await buyer.GetAsync("/api/conversations/amazon~o~o-b")).StatusCode == HttpStatusCode.OK, "the order's conversation");
        var good = Serialized(MessagingApp.MessageReceived("e-good", "o-b", "buyer", "b-1", "Arrives today?"));
        var orphan = Serialized(MessagingApp.MessageReceived("e-orphan", "o-never", "buyer", "b-1", "And this one?"));
        var queues = _app.Services.GetRequiredService<QueueServiceClient>();

        await queues.GetQueueClient(_app.Names.MarketplaceEventsQueue).SendMessageAsync(QueuedMarketplaceEvents.Wrap([orphan, good]));

        var poison = queues.GetQueueClient(_app.Names.MarketplaceEventsQueue + "-poison");
        await MessagingApp.EventuallyAsync(async () => (await poison.PeekMessagesAsync(32)).Value.Length > 0, "the failing event in the poison queue");
        var poisoned = Assert.Single((await poison.PeekMessagesAsync(32)).Value);
        Assert.Equal("e-orphan", Assert.Single(QueuedMarketplaceEvents.Read(poisoned.MessageText)).Envelope.GetProperty("id").GetString());
        var messages = await buyer.GetFromJsonAsync<JsonElement>("/api/conversations/amazon~o~o-b/messages");
        Assert.Equal(["Arrives today?"], messages.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    private async Task<(WebhookIntake Intake, QueueClient Queue)> IntakeWithoutConsumerAsync()
    {
        var names = new StorageNames(AzuriteFixture.UniqueName("wi"));
        var tables = new TableServiceClient(azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await new StorageInitializer(tables, new BlobServiceClient(azurite.ConnectionString), queues, names).EnsureCreatedAsync(CancellationToken.None);
        return (new WebhookIntake(new WebhookEventLog(tables, names), queues, names, TimeProvider.System), queues.GetQueueClient(names.MarketplaceEventsQueue));
    }

    private static QueuedMarketplaceEvent Queued(string eventId) =>
        new("amazon", DateTimeOffset.UtcNow, JsonDocument.Parse(MessagingApp.MessageReceived(eventId, "o-1", "buyer", "b-1", "Hello")).RootElement);

    private static string Serialized(string envelope) =>
        JsonSerializer.Serialize(
            new QueuedMarketplaceEvent("amazon", DateTimeOffset.UtcNow, JsonDocument.Parse(envelope).RootElement), MessagingJsonContext.Default.QueuedMarketplaceEvent);
}
