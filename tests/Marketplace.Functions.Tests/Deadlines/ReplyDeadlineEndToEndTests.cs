using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Deadlines;

/// <summary>
/// The whole deadline path on Azurite, with a 10-second deadline and a reminder 6 seconds before it:
/// signed webhook → deadline started → reminder webhook received by a local HTTP listener → seller reply
/// through the API → deadline closed and metrics updated.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplyDeadlineEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("Messaging:Profiles:amazon:ReplyDeadline:ReplyWithin", "00:00:10")
        .WithSetting("Messaging:Profiles:amazon:ReplyDeadline:ReminderOffsets:0", "00:00:06")
        .WithSetting("Messaging:Profiles:amazon:ReplyDeadline:KeepWaitingAfterBreach", "00:01:00")
        .WithSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200")
        .WithSetting("DurableTask:WorkerEnabled", "true")
        .WithSetting("Deadlines:AllowLoopbackWebhooks", "true"); // the seller's listener is on 127.0.0.1, over http

    private SellerWebhookListener _listener = null!;

    public async Task InitializeAsync() => _listener = await SellerWebhookListener.StartAsync("seller-s1-reminder-secret-0001");

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task BuyerMessage_ReminderReachesTheSeller_ReplyClosesTheDeadline_MetricsCountIt()
    {
        using var seller = _app.ClientFor(s_seller);
        var settings = await seller.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = _listener.Url, reminderWebhookSecret = _listener.Secret });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);

        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-o", "dl-1", "b-1", "s-1"));
        await _app.PostWebhookAsync("amazon", MessagingApp.MessageReceived("e-m", "dl-1", "buyer", "b-1", "Has my order shipped?", DateTimeOffset.UtcNow));

        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 1, "the deadline to open");
        var open = (await OpenDeadlinesAsync(seller)).Single();
        Assert.Equal("amazon~o~dl-1", open.GetProperty("conversationId").GetString());
        Assert.True(open.GetProperty("timeLeft").GetString() is { } left && System.Xml.XmlConvert.ToTimeSpan(left) <= TimeSpan.FromSeconds(10));

        await MessagingApp.EventuallyAsync(() => Task.FromResult(!_listener.Received.IsEmpty), "the reminder webhook");
        var reminder = _listener.Received.Single();
        Assert.Equal(SignatureCheck.Valid, reminder.Signature);
        Assert.Contains("reply_deadline.reminder", reminder.Body, StringComparison.Ordinal);

        var reply = await seller.PostAsJsonAsync("/api/conversations/amazon~o~dl-1/messages", new { text = "Yes, it shipped this morning." });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);

        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 0, "the deadline to close");
        var metrics = await seller.GetFromJsonAsync<JsonElement>("/api/seller/metrics");
        var week = metrics.GetProperty("windows")[0];
        Assert.Equal(7, week.GetProperty("days").GetInt32());
        Assert.Equal(1, week.GetProperty("answeredOnTime").GetInt32());
        Assert.Equal(0, week.GetProperty("late").GetInt32());
        Assert.Equal(0.0, week.GetProperty("lateResponseRate").GetDouble());
    }

    [Fact]
    public async Task MarketplaceSubscribed_GetsTheDeadlinesStepsInOrderWithTheConversationsMessages()
    {
        await using var marketplace = await SellerWebhookListener.StartAsync("amazon-events-secret-000001");
        using var backend = _app.ClientFor(new Caller(CallerRole.Marketplace, "amazon-backend", "amazon"));
        Assert.Equal(HttpStatusCode.OK, (await backend.PutAsJsonAsync("/api/marketplace/events-webhook", new { url = marketplace.Url, secret = marketplace.Secret })).StatusCode);
        using var seller = _app.ClientFor(s_seller);

        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-o3", "dl-3", "b-1", "s-1"));
        await _app.PostWebhookAsync("amazon", MessagingApp.MessageReceived("e-m3", "dl-3", "buyer", "b-1", "Where is my parcel?", DateTimeOffset.UtcNow));
        await MessagingApp.EventuallyAsync(() => Task.FromResult(Types(marketplace).Contains("deadline.reminder")), "the reminder event");
        Assert.Equal(HttpStatusCode.Created, (await seller.PostAsJsonAsync("/api/conversations/amazon~o~dl-3/messages", new { text = "On its way." })).StatusCode);

        await MessagingApp.EventuallyAsync(() => Task.FromResult(Types(marketplace).Contains("deadline.answered")), "the answered event");
        Assert.Equal(["message.created", "deadline.opened", "deadline.reminder", "message.created", "deadline.answered"], Types(marketplace));
        Assert.All(marketplace.Received, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        var answered = JsonDocument.Parse(marketplace.Received.Last().Body).RootElement.GetProperty("data");
        Assert.False(answered.GetProperty("late").GetBoolean());
        var reminder = JsonDocument.Parse(marketplace.Received.ElementAt(2).Body).RootElement.GetProperty("data");
        Assert.False(reminder.GetProperty("sellerNotified").GetBoolean()); // this seller set no webhook
    }

    private static List<string> Types(SellerWebhookListener listener) =>
        [.. listener.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()!)];

    [Fact]
    public async Task NoResponseNeeded_ClosesTheDeadlineAndLeavesTheMetric()
    {
        using var seller = _app.ClientFor(s_seller);
        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-o2", "dl-2", "b-1", "s-1"));
        await _app.PostWebhookAsync("amazon", MessagingApp.MessageReceived("e-m2", "dl-2", "buyer", "b-1", "Thanks, all good!", DateTimeOffset.UtcNow));
        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 1, "the deadline to open");

        var response = await seller.PostAsync("/api/conversations/amazon~o~dl-2/no-response-needed", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 0, "the deadline to close");
        var week = (await seller.GetFromJsonAsync<JsonElement>("/api/seller/metrics")).GetProperty("windows")[0];
        Assert.Equal(1, week.GetProperty("noResponseNeeded").GetInt32());
        Assert.Equal(0, week.GetProperty("neededReply").GetInt32());
        var again = await seller.PostAsync("/api/conversations/amazon~o~dl-2/no-response-needed", null);
        Assert.Equal("no_reply_pending", (await MessagingApp.JsonAsync(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task BuyerFollowUps_KeepOneDeadlineOnTheFirstMessagesClock()
    {
        using var seller = _app.ClientFor(s_seller);
        using var buyer = _app.ClientFor(new Caller(CallerRole.Buyer, "b-1", "amazon"));
        await _app.SeedOrderAsync("dl-4", "b-1", "s-1");
        (await buyer.PostAsJsonAsync("/api/conversations/amazon~o~dl-4/messages", new { text = "Where is it?" })).EnsureSuccessStatusCode();
        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 1, "the deadline to open");
        var due = (await OpenDeadlinesAsync(seller)).Single().GetProperty("dueAt").GetDateTimeOffset();

        (await buyer.PostAsJsonAsync("/api/conversations/amazon~o~dl-4/messages", new { text = "Hello??" })).EnsureSuccessStatusCode();
        (await buyer.PostAsJsonAsync("/api/conversations/amazon~o~dl-4/messages", new { text = "Anyone?" })).EnsureSuccessStatusCode();
        await Task.Delay(1000);

        var open = Assert.Single(await OpenDeadlinesAsync(seller));
        Assert.Equal(due, open.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ConversationCheck_FindsTheSellersReplyWithoutItsEvent()
    {
        using var seller = _app.ClientFor(s_seller);
        using var buyer = _app.ClientFor(new Caller(CallerRole.Buyer, "b-1", "amazon"));
        await _app.SeedOrderAsync("dl-5", "b-1", "s-1");
        (await buyer.PostAsJsonAsync("/api/conversations/amazon~o~dl-5/messages", new { text = "Is it in stock?" })).EnsureSuccessStatusCode();
        var replies = _app.Services.GetRequiredService<IConversationReplies>();
        var store = _app.Services.GetRequiredService<ConversationStore>();
        var since = (await store.GetAsync("amazon~o~dl-5", CancellationToken.None))!.Summary.AwaitingReplySince!.Value;

        var whileWaiting = await replies.FindResolutionAsync("amazon~o~dl-5", since, CancellationToken.None);
        (await seller.PostAsJsonAsync("/api/conversations/amazon~o~dl-5/messages", new { text = "Yes, ready to ship today." })).EnsureSuccessStatusCode();
        var afterReply = await replies.FindResolutionAsync("amazon~o~dl-5", since, CancellationToken.None);

        var sellerMessage = (await store.ListMessagesAsync("amazon~o~dl-5", 0, 10, CancellationToken.None)).Items.Single(m => m.AuthorRole == PartyRole.Seller);
        Assert.Null(whileWaiting);
        Assert.Equal(new DeadlineResolution(DeadlineResolutionKind.Replied, sellerMessage.SentAt), afterReply);
    }

    [Fact]
    public async Task OrderPlacedDuringVacation_ClockStartsWhenTheVacationEnds()
    {
        using var seller = _app.ClientFor(s_seller);
        var vacationEnd = DateTimeOffset.UtcNow.AddHours(3);
        // The order helper places orders at 08:00 UTC on 2026-11-23: inside this away period.
        var vacation = await seller.PostAsJsonAsync("/api/seller/vacations", new { start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), end = vacationEnd });
        Assert.Equal(HttpStatusCode.Created, vacation.StatusCode);

        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-o3", "dl-3", "b-1", "s-1"));
        await _app.PostWebhookAsync("amazon", MessagingApp.MessageReceived("e-m3", "dl-3", "buyer", "b-1", "Hello?", DateTimeOffset.UtcNow));
        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 1, "the deadline to open");

        var due = (await OpenDeadlinesAsync(seller)).Single().GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(vacationEnd.AddSeconds(10), due, TimeSpan.FromMilliseconds(1));
    }

    private static async Task<List<JsonElement>> OpenDeadlinesAsync(HttpClient seller) =>
        [.. (await seller.GetFromJsonAsync<JsonElement>("/api/seller/deadlines")).GetProperty("items").EnumerateArray()];
}
