using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

[Collection(AzuriteCollection.Name)]
public sealed class WebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly MessagingApp _app = new(azurite);

    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    public Task InitializeAsync()
    {
        _ = _app.Server; // start the host (and its queue poller)
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SignedOrderAndMessage_FlowThroughTheQueue_IntoBothInboxes()
    {
        var order = await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-order", "o-1", "b-1", "s-1"));
        var message = await _app.PostWebhookAsync("amazon", MessagingApp.MessageReceived("e-msg", "o-1", "buyer", "b-1", "¿Cuándo llega?"));

        Assert.Equal(HttpStatusCode.Accepted, order.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        Assert.Equal("accepted", (await MessagingApp.JsonAsync(message)).GetProperty("status").GetString());

        using var seller = _app.ClientFor(s_seller);
        using var buyer = _app.ClientFor(s_buyer);
        await MessagingApp.EventuallyAsync(async () =>
        {
            var inbox = await seller.GetFromJsonAsync<JsonElement>("/api/inbox?filter=awaiting-reply");
            return inbox.GetProperty("items").GetArrayLength() == 1;
        }, "the buyer's message in the seller's awaiting-reply inbox");

        var sellerEntry = (await seller.GetFromJsonAsync<JsonElement>("/api/inbox")).GetProperty("items")[0];
        Assert.Equal("amazon~o~o-1", sellerEntry.GetProperty("conversationId").GetString());
        Assert.Equal(1, sellerEntry.GetProperty("unread").GetInt32());
        Assert.True(sellerEntry.GetProperty("awaitingMyReply").GetBoolean());
        Assert.Equal("b-1", sellerEntry.GetProperty("counterpartId").GetString());

        var buyerEntry = (await buyer.GetFromJsonAsync<JsonElement>("/api/inbox")).GetProperty("items")[0];
        Assert.Equal(0, buyerEntry.GetProperty("unread").GetInt32());
        Assert.False(buyerEntry.GetProperty("awaitingMyReply").GetBoolean());

        var messages = await buyer.GetFromJsonAsync<JsonElement>("/api/conversations/amazon~o~o-1/messages");
        var stored = Assert.Single(messages.GetProperty("items").EnumerateArray());
        Assert.Equal("¿Cuándo llega?", stored.GetProperty("text").GetString());
        Assert.Equal("webhook", stored.GetProperty("source").GetString());
        Assert.Equal("mkt-e-msg", stored.GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task SameEventPostedTwice_AnsweredDuplicateAndStoredOnce()
    {
        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-order", "o-2", "b-1", "s-1"));
        var body = MessagingApp.MessageReceived("e-dup", "o-2", "buyer", "b-1", "Hello");

        var first = await _app.PostWebhookAsync("amazon", body);
        var second = await _app.PostWebhookAsync("amazon", body);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("duplicate", (await MessagingApp.JsonAsync(second)).GetProperty("status").GetString());
        using var buyer = _app.ClientFor(s_buyer);
        await MessagingApp.EventuallyAsync(async () => await MessageCountAsync(buyer, "amazon~o~o-2") == 1, "the message stored");
        await Task.Delay(500); // give a (wrong) second copy time to arrive
        Assert.Equal(1, await MessageCountAsync(buyer, "amazon~o~o-2"));
    }

    [Fact]
    public async Task EventIdReusedForAnotherOrder_AnsweredDuplicateAndNothingOfItApplied()
    {
        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-reused", "o-first", "b-1", "s-1"));
        using var buyer = _app.ClientFor(s_buyer);
        await MessagingApp.EventuallyAsync(async () => (await buyer.GetAsync("/api/conversations/amazon~o~o-first")).StatusCode == HttpStatusCode.OK, "the first order");

        var reused = await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-reused", "o-second", "b-1", "s-1"));
        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-after", "o-after", "b-1", "s-1"));

        Assert.Equal(HttpStatusCode.Accepted, reused.StatusCode);
        Assert.Equal("duplicate", (await MessagingApp.JsonAsync(reused)).GetProperty("status").GetString());
        // Events are applied in the order they were queued: once the later order is there, the reused id had its chance.
        await MessagingApp.EventuallyAsync(async () => (await buyer.GetAsync("/api/conversations/amazon~o~o-after")).StatusCode == HttpStatusCode.OK, "the later order");
        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_app.Names.MarketplaceEventsQueue);
        await MessagingApp.EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the queue drained");
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync("/api/conversations/amazon~o~o-second")).StatusCode);
    }

    [Fact]
    public async Task SameQueueMessageDeliveredTwice_ChangesNothingTheSecondTime()
    {
        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-order", "o-3", "b-1", "s-1"));
        // Bypass the intake's own duplicate check: the queue itself redelivers (at-least-once).
        var envelope = JsonDocument.Parse(MessagingApp.MessageReceived("e-redeliver", "o-3", "buyer", "b-1", "Twice?")).RootElement;
        var queued = JsonSerializer.Serialize(new QueuedMarketplaceEvent("amazon", DateTimeOffset.UtcNow, envelope));
        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_app.Names.MarketplaceEventsQueue);

        await queue.SendMessageAsync(queued);
        await queue.SendMessageAsync(queued);

        using var buyer = _app.ClientFor(s_buyer);
        await MessagingApp.EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0
            && await MessageCountAsync(buyer, "amazon~o~o-3") >= 1, "both deliveries processed");
        Assert.Equal(1, await MessageCountAsync(buyer, "amazon~o~o-3"));
    }

    [Fact]
    public async Task QuestionAsked_CreatesAPreSaleThreadForTheListingAndBuyer()
    {
        var body = MessagingApp.Envelope("e-q", "question.asked", """
            {"questionId":"q-1","listingId":"L-9","buyerId":"b-1","sellerId":"s-1","text":"Is it waterproof?",
             "buyerLanguage":"en","askedAt":"2026-11-23T09:00:00Z"}
            """);

        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostWebhookAsync("amazon", body)).StatusCode);

        using var seller = _app.ClientFor(s_seller);
        await MessagingApp.EventuallyAsync(async () =>
            (await seller.GetAsync("/api/conversations/amazon~q~L-9~b-1")).StatusCode == HttpStatusCode.OK, "the question thread");
        var thread = await seller.GetFromJsonAsync<JsonElement>("/api/conversations/amazon~q~L-9~b-1");
        Assert.Equal("question", thread.GetProperty("kind").GetString());
        Assert.Equal("L-9", thread.GetProperty("listingId").GetString());
        Assert.Equal("seller", thread.GetProperty("awaitingReplyFrom").GetString());
    }

    [Theory]
    [InlineData("", "signature_missing")]
    [InlineData("t=1,v1=nothex", "signature_malformed")]
    [InlineData("t=1700000000,v1=0000000000000000000000000000000000000000000000000000000000000000", "signature_invalid")]
    public async Task BadSignature_Is401WithACodeSayingWhich(string header, string code)
    {
        var response = await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-x", "o-x", "b-1", "s-1"), signatureHeader: header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task SignedWithAnotherMarketplacesSecret_IsRefused()
    {
        var response = await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-x", "o-x", "b-1", "s-1"), secret: MessagingApp.AllegroSecret);

        Assert.Equal("signature_invalid", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task SignedSixMinutesAgo_IsRefusedAsExpired()
    {
        var response = await _app.PostWebhookAsync(
            "amazon", MessagingApp.OrderCreated("e-x", "o-x", "b-1", "s-1"), signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("signature_expired", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task MalformedEnvelope_Is400ListingEachBadField()
    {
        var body = MessagingApp.Envelope("e-bad", "order.created", """{"orderId":"has spaces","buyerId":"b-1","items":[]}""");

        var response = await _app.PostWebhookAsync("amazon", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["data.buyerLanguage", "data.items", "data.orderId", "data.placedAt", "data.sellerId"], fields);
    }

    [Theory]
    [InlineData("""{"orderId":"o-u","messageId":"m-1","authorRole":"buyer","authorId":"b-1","text":"Hola \ud800","sentAt":"2026-11-23T09:00:00Z"}""", "data.text")]
    [InlineData("""{"orderId":"o-u","messageId":"m-1","authorRole":"buyer","authorId":"b-1","text":"Hola","sentAt":"2026-11-23T09:00:00Z","meta":{"tags":["\udc00"]}}""", "data.meta.tags[0]")]
    [InlineData("""{"orderId":"o-u","messageId":"m-1","authorRole":"buyer","authorId":"b-1","text":"Hola","sentAt":"2026-11-23T09:00:00Z","\ud800":1}""", "data")]
    [InlineData("""{"orderId":"o-u","messageId":"m-1","authorRole":"buyer","authorId":"b-1","text":"Hola\u0000","sentAt":"2026-11-23T09:00:00Z"}""", "data.text")]
    public async Task SignedBodyWithTextThatIsNotUnicode_Is400NamingTheFieldAndQueuesNothing(string data, string path)
    {
        var response = await _app.PostWebhookAsync("amazon", MessagingApp.Envelope("e-unicode", "message.received", data));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Equal([path], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_app.Names.MarketplaceEventsQueue);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task SignedBodyWithBytesThatAreNotUtf8_Is400NamingTheField()
    {
        var body = Encoding.UTF8.GetBytes(MessagingApp.MessageReceived("e-utf8", "o-u", "buyer", "b-1", "Hola @@"));
        var at = body.AsSpan().IndexOf("@@"u8);
        body[at] = 0xC0; // an overlong lead byte: never UTF-8
        body[at + 1] = 0xAF;

        var response = await _app.PostWebhookAsync("amazon", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["data.text"], (await MessagingApp.JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task UnknownEventType_Is422()
    {
        var response = await _app.PostWebhookAsync("amazon", MessagingApp.Envelope("e-u", "order.teleported", "{}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("unknown_event_type", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownMarketplace_Is404()
    {
        var response = await _app.PostWebhookAsync("nowhere", MessagingApp.OrderCreated("e", "o", "b", "s"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_marketplace", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task RefusedWebhook_LeavesNothingQueued()
    {
        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-x", "o-x", "b-1", "s-1"), signatureHeader: "");
        await _app.PostWebhookAsync("amazon", MessagingApp.Envelope("e-u", "order.teleported", "{}"));

        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_app.Names.MarketplaceEventsQueue);
        var peeked = await queue.PeekMessagesAsync(32);
        Assert.Empty(peeked.Value);
        using var seller = _app.ClientFor(s_seller);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync("/api/conversations/amazon~o~o-x")).StatusCode);
    }

    private static async Task<int> MessageCountAsync(HttpClient client, string conversationId)
    {
        var response = await client.GetAsync($"/api/conversations/{conversationId}/messages");
        return response.IsSuccessStatusCode
            ? (await MessagingApp.JsonAsync(response)).GetProperty("items").GetArrayLength()
            : 0;
    }
}
