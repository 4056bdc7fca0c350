using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Deadlines;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.EventsOut;

/// <summary>
/// Events out to a marketplace's backend, end to end on Azurite: the marketplace subscribes with a URL and secret, and a
/// listener on a real port receives each change signed, with its id as the idempotency key, in the conversation's order;
/// failures are retried, then dead-lettered until an admin replays them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsOutTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Secret = "marketplace-events-secret-0001";
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_backend = new(CallerRole.Marketplace, "amazon-backend", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("Deadlines:AllowLoopbackWebhooks", "true")
        .WithSetting("EventsOut:RetryDelay", "00:00:01")
        .WithSetting("EventsOut:MaxRetryDelay", "00:00:02")
        .WithSetting("EventsOut:MaxAttempts", "3");

    private SellerWebhookListener _listener = null!;

    public async Task InitializeAsync() => _listener = await SellerWebhookListener.StartAsync(Secret);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task Subscribed_MessagesAndReads_ArriveSignedInOrderWithTheirIdsAsIdempotencyKeys()
    {
        await SubscribeAsync();
        var conversation = (await _app.SeedOrderAsync("ev-1", "b-1", "s-1")).Id;

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(s_buyer, conversation, "Is the lamp in stock in blue?")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(s_seller, conversation, "Yes, we ship blue ones tomorrow.")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_buyer).PostAsJsonAsync($"/api/conversations/{conversation}/read", new { })).StatusCode);

        var events = await ReceivedAsync(3);
        Assert.Equal(["message.created", "message.created", "conversation.read"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(_listener.Received, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.Equal(events.Select(e => e.GetProperty("id").GetString()!), _listener.IdempotencyKeys);
        Assert.Equal(3, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        var first = events[0];
        Assert.Equal("amazon", first.GetProperty("marketplace").GetString());
        Assert.Equal($"conversation:{conversation}", first.GetProperty("stream").GetString());
        var data = first.GetProperty("data");
        Assert.Equal("ev-1", data.GetProperty("orderId").GetString());
        Assert.Equal("s-1", data.GetProperty("sellerId").GetString());
        var message = data.GetProperty("message");
        Assert.Equal("buyer", message.GetProperty("authorRole").GetString());
        Assert.Equal("delivered", message.GetProperty("status").GetString());
        Assert.Equal("Is the lamp in stock in blue?", message.GetProperty("text").GetString());
        Assert.Equal("seller", events[1].GetProperty("data").GetProperty("message").GetProperty("authorRole").GetString());
        Assert.Equal("buyer", events[2].GetProperty("data").GetProperty("reader").GetString());
        Assert.Equal(2, events[2].GetProperty("data").GetProperty("throughSequence").GetInt64());
    }

    [Fact]
    public async Task HeldMessage_IsAnnouncedWithItsOutcomeButNotItsText_ThenApprovedWithIt()
    {
        await SubscribeAsync();
        var conversation = (await _app.SeedOrderAsync("ev-2", "b-1", "s-1")).Id;

        var held = await SendAsync(s_buyer, conversation, "Can I pay you with PayPal friends and family instead?");
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        var id = (await MessagingApp.JsonAsync(held)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_admin).PostAsync($"/api/admin/conversations/{conversation}/messages/{id}/approve", null)).StatusCode);

        var events = await ReceivedAsync(2);
        Assert.Equal(["message.created", "message.approved"], events.Select(e => e.GetProperty("type").GetString()));
        var stored = events[0].GetProperty("data").GetProperty("message");
        Assert.Equal("held", stored.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("text").ValueKind);
        Assert.Equal("hold", stored.GetProperty("policy").GetProperty("verdict").GetString());
        Assert.Contains("PayPal", events[1].GetProperty("data").GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointFailing_IsRetriedUntilItAccepts_EachEventOnceAndInOrder()
    {
        await SubscribeAsync();
        var conversation = (await _app.SeedOrderAsync("ev-3", "b-1", "s-1")).Id;
        _listener.FailWith = 503;

        await SendAsync(s_buyer, conversation, "First question.");
        await SendAsync(s_buyer, conversation, "Second question.");
        // The listener counts the refusal as it answers; the app records it just after, so wait for the record itself.
        var failing = Array.Empty<JsonElement>();
        await MessagingApp.EventuallyAsync(async () => (failing = await DeliveriesAsync(failingOnly: true)).Length > 0, "a refused delivery on record");
        Assert.Equal("retrying", failing.Single().GetProperty("status").GetString());
        Assert.Contains("503", failing.Single().GetProperty("lastError").GetString(), StringComparison.Ordinal);
        _listener.FailWith = null;

        var events = await ReceivedAsync(2);
        Assert.Equal(["First question.", "Second question."], events.Select(e => e.GetProperty("data").GetProperty("message").GetProperty("text").GetString()));
        await MessagingApp.EventuallyAsync(async () => (await DeliveriesAsync(failingOnly: false)).Single().GetProperty("status").GetString() == "healthy", "a healthy stream");
        await Task.Delay(1500);
        Assert.Equal(2, _listener.Received.Count);
    }

    [Fact]
    public async Task RetriesRunOut_TheStreamIsDeadLettered_AndWaitsInOrderForAnAdminsReplay()
    {
        await SubscribeAsync();
        var conversation = (await _app.SeedOrderAsync("ev-4", "b-1", "s-1")).Id;
        _listener.FailWith = 500;

        await SendAsync(s_buyer, conversation, "Before the outage ended.");
        await MessagingApp.EventuallyAsync(
            async () => (await DeliveriesAsync(failingOnly: true)).FirstOrDefault() is { ValueKind: JsonValueKind.Object } d
                && d.GetProperty("status").GetString() == "dead_lettered",
            "the stream dead-lettered");
        Assert.Equal(3, _listener.Refused);
        _listener.FailWith = null;
        await SendAsync(s_buyer, conversation, "After the outage ended.");
        await Task.Delay(1500);
        Assert.Empty(_listener.Received);

        using var replay = await _app.ClientFor(s_admin).PostAsJsonAsync("/api/admin/event-deliveries/replay", new { marketplace = "amazon", stream = $"conversation:{conversation}" });

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var events = await ReceivedAsync(2);
        Assert.Equal(["Before the outage ended.", "After the outage ended."],
            events.Select(e => e.GetProperty("data").GetProperty("message").GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Replay_FromStart_SendsEveryEventAgainUnderTheSameIds()
    {
        await SubscribeAsync();
        var conversation = (await _app.SeedOrderAsync("ev-5", "b-1", "s-1")).Id;
        await SendAsync(s_buyer, conversation, "Hello.");
        await SendAsync(s_seller, conversation, "Hi!");
        var first = await ReceivedAsync(2);

        using var replay = await _app.ClientFor(s_admin).PostAsJsonAsync(
            "/api/admin/event-deliveries/replay", new { marketplace = "amazon", stream = $"conversation:{conversation}", fromStart = true });

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var all = await ReceivedAsync(4);
        Assert.Equal(first.Select(e => e.GetProperty("id").GetString()), all.Skip(2).Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task EventsBeforeTheSubscription_AreNotSent_AndAfterUnsubscribingNothingIs()
    {
        var conversation = (await _app.SeedOrderAsync("ev-6", "b-1", "s-1")).Id;
        await SendAsync(s_buyer, conversation, "Sent before the marketplace subscribed.");
        await Task.Delay(20);
        await SubscribeAsync();
        await SendAsync(s_buyer, conversation, "Sent after.");

        var events = await ReceivedAsync(1);
        Assert.Equal("Sent after.", events.Single().GetProperty("data").GetProperty("message").GetProperty("text").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _app.ClientFor(s_backend).DeleteAsync("/api/marketplace/events-webhook")).StatusCode);
        await SendAsync(s_buyer, conversation, "Sent after unsubscribing.");
        await Task.Delay(1500);
        Assert.Single(_listener.Received);
    }

    [Fact]
    public async Task Claim_OpenedAndRefunded_AreSentAsTheClaimsEvents()
    {
        await SubscribeAsync();
        await _app.SeedOrderAsync("ev-7", "b-1", "s-1", total: new Domain.Events.OrderTotal(40m, "EUR"));

        var opened = await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims", new { orderId = "ev-7", reason = "damaged", desiredResolution = "refund" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var claimId = (await MessagingApp.JsonAsync(opened)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_seller).PostAsJsonAsync($"/api/claims/{claimId}/actions/accept_full_refund", new { })).StatusCode);

        var claimEvents = await ReceivedAsync(2, e => e.GetProperty("stream").GetString() == $"claim:{claimId}");
        Assert.Equal(["claim.opened", "claim.updated"], claimEvents.Select(e => e.GetProperty("type").GetString()));
        var refunded = claimEvents[1].GetProperty("data");
        Assert.Equal("accept_full_refund", refunded.GetProperty("action").GetString());
        Assert.Equal("seller", refunded.GetProperty("actor").GetString());
        Assert.Equal(40m, refunded.GetProperty("amount").GetDecimal());
        Assert.True(refunded.GetProperty("final").GetBoolean());
    }

    [Fact]
    public async Task Subscription_BadInputAndWrongCallers_AreRefusedClearly()
    {
        var backend = _app.ClientFor(s_backend);
        var none = await backend.GetAsync("/api/marketplace/events-webhook");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("not_subscribed", (await MessagingApp.JsonAsync(none)).GetProperty("code").GetString());

        var invalid = await backend.PutAsJsonAsync("/api/marketplace/events-webhook", new { url = "ftp://example.com/x", secret = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await MessagingApp.JsonAsync(invalid)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _));
        Assert.True(errors.TryGetProperty("secret", out _));

        var inside = await backend.PutAsJsonAsync("/api/marketplace/events-webhook", new { url = "https://10.1.2.3/events", secret = Secret });
        Assert.Equal(HttpStatusCode.BadRequest, inside.StatusCode);
        Assert.Equal("webhook_url_not_allowed", (await MessagingApp.JsonAsync(inside)).GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await _app.ClientFor(s_seller).PutAsJsonAsync("/api/marketplace/events-webhook", new { url = _listener.Url, secret = Secret })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.ClientFor(s_seller).GetAsync("/api/event-deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await backend.GetAsync("/api/event-deliveries?marketplace=allegro")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await backend.PostAsJsonAsync("/api/admin/event-deliveries/replay", new { marketplace = "amazon", stream = "conversation:x" })).StatusCode);
        var badReplay = await _app.ClientFor(s_admin).PostAsJsonAsync("/api/admin/event-deliveries/replay", new { marketplace = "amazon", stream = "orders/1", afterPosition = "7" });
        Assert.Equal(HttpStatusCode.BadRequest, badReplay.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(badReplay)).GetProperty("errors").TryGetProperty("stream", out _));
    }

    private async Task SubscribeAsync()
    {
        using var response = await _app.ClientFor(s_backend).PutAsJsonAsync("/api/marketplace/events-webhook", new { url = _listener.Url, secret = Secret });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(Caller caller, string conversation, string text) =>
        _app.ClientFor(caller).PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text });

    private async Task<JsonElement[]> DeliveriesAsync(bool failingOnly) =>
        [.. (await MessagingApp.JsonAsync(await _app.ClientFor(s_backend).GetAsync($"/api/event-deliveries?failing={failingOnly.ToString().ToLowerInvariant()}")))
            .GetProperty("items").EnumerateArray()];

    /// <summary>The first <paramref name="count"/> events received (that match), once they have arrived.</summary>
    private async Task<JsonElement[]> ReceivedAsync(int count, Func<JsonElement, bool>? match = null)
    {
        JsonElement[] Matching() => [.. _listener.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).Where(e => match?.Invoke(e) ?? true)];
        await MessagingApp.EventuallyAsync(() => Task.FromResult(Matching().Length >= count), $"{count} events at the marketplace");
        return [.. Matching().Take(count)];
    }
}
