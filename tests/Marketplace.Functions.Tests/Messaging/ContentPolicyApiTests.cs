using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>The content policy on the message path, through the API (amazon profile) and through webhooks.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContentPolicyApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    private readonly MessagingApp _app = new(azurite);
    private string _conversation = "";
    private HttpClient _buyer = null!;
    private HttpClient _seller = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _conversation = (await _app.SeedOrderAsync("pol-1", "b-1", "s-1")).Id;
        _buyer = _app.ClientFor(s_buyer);
        _seller = _app.ClientFor(s_seller);
        _admin = _app.ClientFor(s_admin);
    }

    public async Task DisposeAsync()
    {
        _buyer.Dispose();
        _seller.Dispose();
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Allow_EverydayText_IsDeliveredAsWritten()
    {
        var response = await SendAsync(_buyer, new { text = "Where is order 113-4567890-1234567? Tracking 1Z999AA10123456784 shows nothing since 12/11." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = await MessagingApp.JsonAsync(response);
        Assert.Equal("delivered", message.GetProperty("status").GetString());
        Assert.Empty(message.GetProperty("moderation").GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task Redact_BuyersPhoneNumber_IsMaskedForTheSellerAndKeptForTheAuthor()
    {
        var response = await SendAsync(_buyer, new { text = "Please call me on +1 415 555 0132 before delivery." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sellerView = (await ListAsync(_seller)).Single();
        Assert.DoesNotContain("555", sellerView.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("[removed]", sellerView.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, sellerView.GetProperty("moderation").ValueKind);

        var authorView = (await ListAsync(_buyer)).Single();
        Assert.Contains("+1 415 555 0132", authorView.GetProperty("originalText").GetString(), StringComparison.Ordinal);
        var finding = authorView.GetProperty("moderation").GetProperty("findings")[0];
        Assert.Equal("PERSONAL_DATA", finding.GetProperty("code").GetString());
        Assert.Equal("redact", finding.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Hold_ThenApprove_DeliversTheMessage()
    {
        var response = await SendAsync(_buyer, new { text = "Can I pay you with PayPal friends and family instead?" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await MessagingApp.JsonAsync(response)).GetProperty("id").GetInt64();
        Assert.Empty(await ListAsync(_seller));
        Assert.Equal(HttpStatusCode.NotFound, (await _seller.GetAsync($"{Messages}/{id}")).StatusCode);
        Assert.Equal("held", (await ListAsync(_buyer)).Single().GetProperty("status").GetString());

        var held = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/held-messages");
        var entry = held.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("conversationId").GetString() == _conversation);
        Assert.Equal("OFF_PLATFORM_PAYMENT", entry.GetProperty("message").GetProperty("moderation").GetProperty("findings")[0].GetProperty("code").GetString());

        var approve = await _admin.PostAsync($"/api/admin/conversations/{_conversation}/messages/{id}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal("delivered", (await ListAsync(_seller)).Single().GetProperty("status").GetString());
        var inbox = await _seller.GetFromJsonAsync<JsonElement>("/api/inbox?filter=awaiting-reply");
        Assert.Equal(1, inbox.GetProperty("items")[0].GetProperty("unread").GetInt32());
        Assert.DoesNotContain((await _admin.GetFromJsonAsync<JsonElement>("/api/admin/held-messages")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("conversationId").GetString() == _conversation);
        var twice = await _admin.PostAsync($"/api/admin/conversations/{_conversation}/messages/{id}/reject", null);
        Assert.Equal("message_not_held", (await MessagingApp.JsonAsync(twice)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Hold_ThenReject_NeverReachesTheSeller()
    {
        var id = (await MessagingApp.JsonAsync(await SendAsync(_buyer, new { text = "I can do a direct bank transfer to your account instead." })))
            .GetProperty("id").GetInt64();

        var reject = await _admin.PostAsync($"/api/admin/conversations/{_conversation}/messages/{id}/reject", null);

        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal("rejected", (await ListAsync(_buyer)).Single().GetProperty("status").GetString());
        Assert.Empty(await ListAsync(_seller));
        var header = await _seller.GetFromJsonAsync<JsonElement>($"/api/conversations/{_conversation}");
        Assert.Equal(0, header.GetProperty("unreadForSeller").GetInt32());
    }

    [Fact]
    public async Task Block_SellersObfuscatedEmail_Is422WithTheReasonAndKeptForTheAuthorOnly()
    {
        await SendAsync(_buyer, new { text = "Is the lamp in stock?" });

        var response = await SendAsync(_seller, new { text = "Yes! Write to me at john dot smith at gmail dot com for a better price." });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("message_blocked", problem.GetProperty("code").GetString());
        Assert.Contains(problem.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "PERSONAL_DATA");
        Assert.Equal("blocked", (await ListAsync(_seller)).Single(m => m.GetProperty("authorRole").GetString() == "seller").GetProperty("status").GetString());
        Assert.DoesNotContain(await ListAsync(_buyer), m => m.GetProperty("authorRole").GetString() == "seller");
    }

    [Fact]
    public async Task SellerStartingWithoutReason_IsRefused_WithAReasonItIsDelivered()
    {
        var refused = await SendAsync(_seller, new { text = "Your engraving text: please confirm the spelling." });
        var accepted = await SendAsync(_seller, new { text = "Your engraving text: please confirm the spelling.", reason = "CONFIRM_CUSTOMIZATION" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("REASON_REQUIRED", (await MessagingApp.JsonAsync(refused)).GetProperty("violations")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task SellerThankYouMessage_IsAForbiddenMessageType()
    {
        var response = await SendAsync(_seller, new { text = "Thank you for your order!", reason = "CONFIRM_ORDER_DETAILS" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("FORBIDDEN_MESSAGE_TYPE", (await MessagingApp.JsonAsync(response)).GetProperty("violations")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task SellerStarting31DaysAfterCompletion_IsOutsideTheWindow()
    {
        await _app.Services.GetRequiredService<ConversationStore>().UpdateOrderStatusAsync(
            _conversation, OrderStatus.Completed, DateTimeOffset.UtcNow.AddDays(-31), "e-completed", CancellationToken.None);

        var response = await SendAsync(_seller, new { text = "Your warranty registration is attached.", reason = "WARRANTY" });

        Assert.Equal("OUTSIDE_MESSAGING_WINDOW", (await MessagingApp.JsonAsync(response)).GetProperty("violations")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task BuyerOptedOut_ReceivesOnlyCriticalMessagesAndReplies()
    {
        var optOut = await _buyer.PutAsJsonAsync("/api/me/preferences", new { optOutOfUnsolicitedMessages = true });
        Assert.Equal(HttpStatusCode.OK, optOut.StatusCode);

        var promotional = await SendAsync(_seller, new { text = "Your invoice is ready.", reason = "INVOICE" });
        var critical = await SendAsync(_seller, new { text = "The street number in your address seems wrong; can you check it?", reason = "ADDRESS_PROBLEM" });

        Assert.Equal("BUYER_OPTED_OUT", (await MessagingApp.JsonAsync(promotional)).GetProperty("violations")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, critical.StatusCode);
    }

    [Fact]
    public async Task BuyerOptedOut_SellerReplyInBuyerStartedConversation_IsDelivered()
    {
        await _buyer.PutAsJsonAsync("/api/me/preferences", new { optOutOfUnsolicitedMessages = true });
        await SendAsync(_buyer, new { text = "Does it come with a bulb?" });

        var reply = await SendAsync(_seller, new { text = "Yes, an E27 bulb is included." });

        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
    }

    [Fact]
    public async Task WebhookRelayedSellerMessage_WithContactDetails_IsStoredBlockedAndHiddenFromTheBuyer()
    {
        await _app.PostWebhookAsync("amazon", MessagingApp.OrderCreated("e-o", "pol-2", "b-1", "s-1"));
        await _app.PostWebhookAsync("amazon", MessagingApp.MessageReceived("e-b", "pol-2", "buyer", "b-1", "Hi, is this available?"));
        await _app.PostWebhookAsync("amazon", MessagingApp.MessageReceived("e-s", "pol-2", "seller", "s-1", "Call me at +44 20 7946 0958"));

        await MessagingApp.EventuallyAsync(async () =>
            (await _seller.GetAsync("/api/conversations/amazon~o~pol-2/messages")) is { IsSuccessStatusCode: true } r
            && (await MessagingApp.JsonAsync(r)).GetProperty("items").GetArrayLength() == 2, "both relayed messages stored");
        // The queue may apply the two relays in either order; find the seller's by its author.
        var sellerView = (await _seller.GetFromJsonAsync<JsonElement>("/api/conversations/amazon~o~pol-2/messages")).GetProperty("items");
        var relayed = sellerView.EnumerateArray().Single(m => m.GetProperty("authorRole").GetString() == "seller");
        Assert.Equal("blocked", relayed.GetProperty("status").GetString());
        Assert.Contains(relayed.GetProperty("moderation").GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "PERSONAL_DATA");
        var buyerView = (await _buyer.GetFromJsonAsync<JsonElement>("/api/conversations/amazon~o~pol-2/messages")).GetProperty("items");
        Assert.Equal("buyer", Assert.Single(buyerView.EnumerateArray()).GetProperty("authorRole").GetString());
    }

    private string Messages => $"/api/conversations/{_conversation}/messages";

    private Task<HttpResponseMessage> SendAsync(HttpClient client, object body) => client.PostAsJsonAsync(Messages, body);

    private async Task<List<JsonElement>> ListAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(Messages)).GetProperty("items").EnumerateArray()];
}
