using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Marketplace.Functions.Messaging;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Messaging.Webhooks;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Hosting;
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
    public async Task Intake_ManyDeliveriesAtOnce_QueuedInFewerMessagesEachEventOnce()
    {
        var (intake, queue) = await IntakeWithoutConsumerAsync();
        var ids = Enumerable.Range(1, 40).Select(i => $"e-{i}").ToList();

        var outcomes = await Task.WhenAll(ids.Select(id => intake.AcceptAsync(Queued(id), id, "message.received", CancellationToken.None)));

        Assert.All(outcomes, Assert.True);
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.InRange(messages.Length, 1, 39);
        Assert.Equal(ids.Order(StringComparer.Ordinal), QueuedIds(messages).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Intake_RedeliveriesAmongNewEvents_AnsweredAsDuplicatesAndNotQueuedAgain()
    {
        var (intake, queue) = await IntakeWithoutConsumerAsync();
        var earlier = Enumerable.Range(1, 5).Select(i => $"e-{i}").ToList();
        Assert.All(await Task.WhenAll(earlier.Select(id => intake.AcceptAsync(Queued(id), id, "message.received", CancellationToken.None))), Assert.True);
        var firstQueued = QueuedIds((await queue.ReceiveMessagesAsync(32)).Value);

        // e-3 again as sent, e-4 and e-5 again with another order's content (an id reused), e-6..e-8 new.
        var outcomes = await Task.WhenAll(
            intake.AcceptAsync(Queued("e-3"), "e-3", "message.received", CancellationToken.None),
            intake.AcceptAsync(Queued("e-4", orderId: "o-other"), "e-4", "message.received", CancellationToken.None),
            intake.AcceptAsync(Queued("e-5", orderId: "o-other"), "e-5", "message.received", CancellationToken.None),
            intake.AcceptAsync(Queued("e-6"), "e-6", "message.received", CancellationToken.None),
            intake.AcceptAsync(Queued("e-7"), "e-7", "message.received", CancellationToken.None),
            intake.AcceptAsync(Queued("e-8"), "e-8", "message.received", CancellationToken.None));

        Assert.Equal([false, false, false, true, true, true], outcomes);
        Assert.Equal(earlier, firstQueued.Order(StringComparer.Ordinal));
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.Equal(["e-6", "e-7", "e-8"], QueuedIds(messages).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(messages, m => m.MessageText.Contains("o-other", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Intake_RedeliveryOfAnEventAnotherInstanceRecorded_QueuedAgainOnlyWithTheContentFirstRecorded()
    {
        var names = new StorageNames(AzuriteFixture.UniqueName("wi"));
        var (first, queue) = await IntakeWithoutConsumerAsync(names);
        Assert.True(await first.AcceptAsync(Queued("e-1"), "e-1", "message.received", CancellationToken.None));
        Assert.True(await first.AcceptAsync(Queued("e-2"), "e-2", "message.received", CancellationToken.None));
        Assert.Equal(2, QueuedIds((await queue.ReceiveMessagesAsync(32)).Value).Count);
        var (other, _) = await IntakeWithoutConsumerAsync(names); // another instance, or this one restarted

        var sameContent = await other.AcceptAsync(Queued("e-1"), "e-1", "message.received", CancellationToken.None);
        var otherContent = await other.AcceptAsync(Queued("e-2", orderId: "o-other"), "e-2", "message.received", CancellationToken.None);

        Assert.False(sameContent);
        Assert.False(otherContent);
        // It cannot know that e-1 was ever queued (the first delivery may have been recorded and never queued), so it is
        // queued again, and applying it again changes nothing; the reused id e-2 never is: nothing of "o-other" applies.
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.Equal(["e-1"], QueuedIds(messages));
        Assert.DoesNotContain(messages, m => m.MessageText.Contains("o-other", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Intake_QueueFailsAfterTheEventIsRecorded_RefusedAndTheMarketplacesRetryIsQueued()
    {
        var names = new StorageNames(AzuriteFixture.UniqueName("wi"));
        var queueLink = new SeveredQueueLink(names.MarketplaceEventsQueue);
        var (intake, queue) = await IntakeWithoutConsumerAsync(names, queueLink);
        queueLink.Sever();

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => intake.AcceptAsync(Queued("e-1"), "e-1", "message.received", CancellationToken.None));
        queueLink.Restore();
        var retry = await intake.AcceptAsync(Queued("e-1"), "e-1", "message.received", CancellationToken.None);

        Assert.False(retry); // recorded by the first delivery, which was answered 503
        Assert.Equal(["e-1"], QueuedIds((await queue.ReceiveMessagesAsync(32)).Value));
    }

    [Fact]
    public async Task Intake_SameEventManyTimesAtOnce_AcceptedOnceAndQueuedOnce()
    {
        var eventLogWrite = new HoldFirstWrite(uri => uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal));
        var (intake, queue) = await IntakeWithoutConsumerAsync(tableWrites: eventLogWrite);
        eventLogWrite.Arm();
        var first = intake.AcceptAsync(Queued("e-same"), "e-same", "message.received", CancellationToken.None);
        await eventLogWrite.Held.WaitAsync(TimeSpan.FromSeconds(30)); // the first delivery's flush is recording it

        var copies = Enumerable.Range(0, 7).Select(_ => intake.AcceptAsync(Queued("e-same"), "e-same", "message.received", CancellationToken.None)).ToList();
        eventLogWrite.Release();

        Assert.True(await first);
        Assert.All(await Task.WhenAll(copies), Assert.False);
        // The seven copies went in the next flush together, as redeliveries of an event this intake had queued itself.
        Assert.Equal(["e-same"], QueuedIds((await queue.ReceiveMessagesAsync(32)).Value));
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

    private async Task<(WebhookIntake Intake, QueueClient Queue)> IntakeWithoutConsumerAsync(
        StorageNames? names = null, SeveredQueueLink? queueLink = null, HoldFirstWrite? tableWrites = null)
    {
        names ??= new StorageNames(AzuriteFixture.UniqueName("wi"));
        var tableOptions = new TableClientOptions();
        if (tableWrites is not null)
        {
            tableOptions.AddPolicy(tableWrites, HttpPipelinePosition.PerCall);
        }

        var tables = new TableServiceClient(azurite.ConnectionString, tableOptions);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (queueLink is not null)
        {
            queueOptions.AddPolicy(queueLink, HttpPipelinePosition.PerCall);
        }

        var queues = new QueueServiceClient(azurite.ConnectionString, queueOptions);
        await new StorageInitializer(tables, new BlobServiceClient(azurite.ConnectionString), queues, names).EnsureCreatedAsync(CancellationToken.None);
        return (new WebhookIntake(new WebhookEventLog(tables, names), queues, names, TimeProvider.System), queues.GetQueueClient(names.MarketplaceEventsQueue));
    }

    private static List<string?> QueuedIds(IEnumerable<QueueMessage> messages) =>
        [.. messages.SelectMany(m => QueuedMarketplaceEvents.Read(m.MessageText)).Select(e => e.Envelope.GetProperty("id").GetString())];

    private static QueuedMarketplaceEvent Queued(string eventId, string orderId = "o-1") =>
        new("amazon", DateTimeOffset.UtcNow, JsonDocument.Parse(MessagingApp.MessageReceived(eventId, orderId, "buyer", "b-1", "Hello")).RootElement);

    private static string Serialized(string envelope) =>
        JsonSerializer.Serialize(
            new QueuedMarketplaceEvent("amazon", DateTimeOffset.UtcNow, JsonDocument.Parse(envelope).RootElement), MessagingJsonContext.Default.QueuedMarketplaceEvent);
}
