using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Templates;

/// <summary>Templates through the API: saving (content policy, versions), and sending one with the order's values filled in.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TemplateApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_marketplace = new(CallerRole.Marketplace, "amazon", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_otherSeller = new(CallerRole.Seller, "s-2", "amazon");
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");

    private readonly MessagingApp _app = new(azurite);
    private string _conversation = "";
    private HttpClient _marketplace = null!;
    private HttpClient _seller = null!;
    private HttpClient _buyer = null!;

    private string Messages => $"/api/conversations/{_conversation}/messages";

    public async Task InitializeAsync()
    {
        _conversation = (await _app.SeedOrderAsync("tpl-order-1", "b-1", "s-1")).Id;
        await _app.Services.GetRequiredService<ConversationStore>()
            .UpdateOrderStatusAsync(_conversation, OrderStatus.Shipped, DateTimeOffset.UtcNow, "ship-1", CancellationToken.None, "1Z999AA10123456784", "UPS");
        _marketplace = _app.ClientFor(s_marketplace);
        _seller = _app.ClientFor(s_seller);
        _buyer = _app.ClientFor(s_buyer);
    }

    public async Task DisposeAsync()
    {
        _marketplace.Dispose();
        _seller.Dispose();
        _buyer.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Create_SellerTemplateWithAPhoneNumber_Refused422WithThePolicyFinding()
    {
        var response = await _seller.PostAsJsonAsync("/api/templates", new
        {
            name = "Call me", language = "en", body = "Questions about order {orderId}? Call me on +1 415 555 0132.",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("template_refused", problem.GetProperty("code").GetString());
        Assert.Contains(problem.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "PERSONAL_DATA");
        Assert.Empty((await _seller.GetFromJsonAsync<JsonElement>("/api/templates")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Create_BodyWithAnUnknownPlaceholderOrDeclaringOrderId_400NamingThem()
    {
        var unknown = await _seller.PostAsJsonAsync("/api/templates", new { name = "x", language = "en", body = "Hello {buyerNickname}" });
        var forged = await _seller.PostAsJsonAsync("/api/templates", new
        {
            name = "x", language = "en", body = "Order {orderId}", variables = new[] { new { name = "orderId", type = "text" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("{buyerNickname}", (await MessagingApp.JsonAsync(unknown)).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(forged)).GetProperty("errors").TryGetProperty("variables[0]", out _));
    }

    [Fact]
    public async Task Send_MarketplaceTemplate_FillsTheOrderAndVariablesAndRecordsTheVersion()
    {
        var id = await CreateMarketplaceTemplateAsync();

        var response = await _seller.PostAsJsonAsync(Messages, new { templateId = id, variables = new { days = 2, name = "Ana {trackingNumber}" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = await MessagingApp.JsonAsync(response);
        Assert.Equal(
            "Hello Ana {trackingNumber}, about order tpl-order-1: the lamp travels with UPS as 1Z999AA10123456784 and arrives in about 2 days.",
            message.GetProperty("text").GetString());
        Assert.Equal("CONFIRM_DELIVERY", message.GetProperty("reason").GetString());
        Assert.Equal(id, message.GetProperty("sentBy").GetProperty("templateId").GetString());
        Assert.Equal(1, message.GetProperty("sentBy").GetProperty("templateVersion").GetInt32());
        var buyerView = (await _buyer.GetFromJsonAsync<JsonElement>(Messages)).GetProperty("items")[0];
        Assert.Equal(message.GetProperty("text").GetString(), buyerView.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Update_Template_NewVersionUsedNextWhileTheSentMessageKeepsItsVersion()
    {
        var id = await CreateMarketplaceTemplateAsync();
        (await _seller.PostAsJsonAsync(Messages, new { templateId = id, variables = new { days = 2, name = "Ana" } })).EnsureSuccessStatusCode();

        var edit = await _marketplace.PutAsJsonAsync($"/api/templates/{id}", new
        {
            name = "Shipping update", reason = "CONFIRM_DELIVERY", language = "en",
            body = "Hi {name}, order {orderId} is with {carrier} ({trackingNumber}); allow {days} days.",
            variables = new[] { new { name = "name", type = "text" }, new { name = "days", type = "number" } },
        });
        var second = await MessagingApp.JsonAsync(await _seller.PostAsJsonAsync(Messages, new { templateId = id, variables = new { days = 3, name = "Ana" } }));

        Assert.Equal(2, (await MessagingApp.JsonAsync(edit)).GetProperty("version").GetInt32());
        Assert.Equal(2, second.GetProperty("sentBy").GetProperty("templateVersion").GetInt32());
        var messages = (await _seller.GetFromJsonAsync<JsonElement>(Messages)).GetProperty("items");
        Assert.Equal(1, messages[0].GetProperty("sentBy").GetProperty("templateVersion").GetInt32());
        var first = await _seller.GetFromJsonAsync<JsonElement>($"/api/templates/{id}?version=1");
        Assert.Contains("arrives in about", first.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_MissingBadlyTypedAndForgedVariables_400NamingEach()
    {
        var id = await CreateMarketplaceTemplateAsync();

        var response = await _seller.PostAsJsonAsync(Messages, new { templateId = id, variables = new { days = "soon", orderId = "999", trackingNumber = "X" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await MessagingApp.JsonAsync(response)).GetProperty("errors");
        Assert.Equal(
            ["variables.days", "variables.name", "variables.orderId", "variables.trackingNumber"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Empty((await _seller.GetFromJsonAsync<JsonElement>(Messages)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Send_AnotherSellersTemplate_404AndDeleted_404()
    {
        using var other = _app.ClientFor(s_otherSeller);
        var created = await other.PostAsJsonAsync("/api/templates", new { name = "Mine", language = "en", body = "Thanks for order {orderId}, it is on its way." });
        var id = (await MessagingApp.JsonAsync(created)).GetProperty("id").GetString();

        var notYours = await _seller.PostAsJsonAsync(Messages, new { templateId = id });
        var deleted = await other.DeleteAsync($"/api/templates/{id}");
        var again = await other.DeleteAsync($"/api/templates/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notYours.StatusCode);
        Assert.Equal("template_not_found", (await MessagingApp.JsonAsync(notYours)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Send_BuyerNameFromTheOrderCreatedWebhook_FilledByTheServer()
    {
        var created = await _app.PostWebhookAsync("amazon", MessagingApp.Envelope("created-bn-1", "order.created", """
            {"orderId":"tpl-order-bn","buyerId":"b-1","sellerId":"s-1","buyerLanguage":"en","buyerName":"  Ana María ",
             "placedAt":"2026-11-23T08:00:00Z","items":[{"sku":"SKU-1","title":"Lamp","quantity":1}]}
            """));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await MessagingApp.EventuallyAsync(
            async () => (await _seller.GetAsync("/api/conversations/amazon~o~tpl-order-bn")).StatusCode == HttpStatusCode.OK, "the order's conversation");
        var id = await CreateTemplateAsync("Hello {buyerName}, about order {orderId}: the lamp is fragile, please open the box from the top.");

        var response = await _seller.PostAsJsonAsync("/api/conversations/amazon~o~tpl-order-bn/messages", new { templateId = id });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Hello Ana María, about order tpl-order-bn: the lamp is fragile, please open the box from the top.", (await MessagingApp.JsonAsync(response)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task OrderCreatedWebhook_BuyerNameWithALineBreak_400NamingTheField()
    {
        var response = await _app.PostWebhookAsync("amazon", MessagingApp.Envelope("created-bn-2", "order.created", """
            {"orderId":"tpl-order-bn2","buyerId":"b-1","sellerId":"s-1","buyerLanguage":"en","buyerName":"Ana\nCall +1 415 555 0132",
             "placedAt":"2026-11-23T08:00:00Z","items":[{"sku":"SKU-1","title":"Lamp","quantity":1}]}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Equal(["data.buyerName"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Send_BuyerNameOnAnOrderWithoutOne_409NamingIt()
    {
        var id = await CreateTemplateAsync("Hello {buyerName}, about order {orderId}: the lamp is fragile, please open the box from the top.");

        var response = await _seller.PostAsJsonAsync(Messages, new { templateId = id });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("template_order_value_missing", problem.GetProperty("code").GetString());
        Assert.Equal(["buyerName"], problem.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Send_ReturnLabelUrl_TheClaimsLabelPathFilledByTheServer_PassesThePolicy_AndTheBuyerCanDownloadIt()
    {
        var claim = await ReturnRequestedClaimAsync("tpl-order-rl");
        var id = await CreateTemplateAsync("About order {orderId}: please print the return label at {returnLabelUrl} and drop the parcel at any post office.");

        var response = await _seller.PostAsJsonAsync("/api/conversations/amazon~o~tpl-order-rl/messages", new { templateId = id });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = await MessagingApp.JsonAsync(response);
        Assert.Equal("delivered", message.GetProperty("status").GetString());
        Assert.Equal(
            $"About order tpl-order-rl: please print the return label at /api/claims/{claim}/return-label and drop the parcel at any post office.",
            message.GetProperty("text").GetString());
        var buyerText = (await _buyer.GetFromJsonAsync<JsonElement>("/api/conversations/amazon~o~tpl-order-rl/messages")).GetProperty("items")[0].GetProperty("text").GetString();
        Assert.Equal(message.GetProperty("text").GetString(), buyerText);
        Assert.Equal(HttpStatusCode.OK, (await _buyer.GetAsync($"/api/claims/{claim}/return-label")).StatusCode);
    }

    [Fact]
    public async Task Send_ReturnLabelUrlOnAnOrderWithoutAReturn_409NamingIt()
    {
        var id = await CreateTemplateAsync("About order {orderId}: please print the return label at {returnLabelUrl}.");

        var response = await _seller.PostAsJsonAsync(Messages, new { templateId = id });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("template_order_value_missing", problem.GetProperty("code").GetString());
        Assert.Equal(["returnLabelUrl"], problem.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Send_LookAlikeLabelLinksInAVariableOrTheBody_StillRefused()
    {
        await ReturnRequestedClaimAsync("tpl-order-fake");
        var conversation = "/api/conversations/amazon~o~tpl-order-fake/messages";
        var withVariable = await _marketplace.PostAsJsonAsync("/api/templates", new
        {
            name = "Label", reason = "CONFIRM_DELIVERY", language = "en", body = "Order {orderId}: the label is at {returnLabelUrl}, also {where}.",
            variables = new[] { new { name = "where", type = "text" } },
        });
        var templateId = (await MessagingApp.JsonAsync(withVariable)).GetProperty("id").GetString();
        var forgedAbsolute = await _seller.PostAsJsonAsync(conversation, new
        {
            templateId, variables = new { where = "https://amazon-returns-center.com/api/claims/cl-1/return-label" },
        });
        var forgedPath = await _seller.PostAsJsonAsync(conversation, new { templateId, variables = new { where = "/api/claims/cl-other/return-label" } });
        var otherLink = await _seller.PostAsJsonAsync(conversation, new { templateId, variables = new { where = "labels-for-you.com/print" } });
        var bodyLookAlike = await _seller.PostAsJsonAsync("/api/templates", new
        {
            name = "Mine", language = "en", body = "Order {orderId}: print your label at /api/claims/cl-9/return-label.",
        });
        var marketplaceBodyLink = await CreateTemplateAsync("Order {orderId}: print {returnLabelUrl} or go to https://returns.example-labels.com/label.");
        var blocked = await _seller.PostAsJsonAsync(conversation, new { templateId = marketplaceBodyLink });

        Assert.Equal(HttpStatusCode.BadRequest, forgedAbsolute.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(forgedAbsolute)).GetProperty("errors").TryGetProperty("variables.where", out _));
        Assert.Equal(HttpStatusCode.BadRequest, forgedPath.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherLink.StatusCode);
        Assert.Equal("message_blocked", (await MessagingApp.JsonAsync(otherLink)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bodyLookAlike.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(bodyLookAlike)).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
        Assert.Equal("message_blocked", (await MessagingApp.JsonAsync(blocked)).GetProperty("code").GetString());
        var delivered = (await _buyer.GetFromJsonAsync<JsonElement>(conversation)).GetProperty("items").EnumerateArray();
        Assert.Empty(delivered);
    }

    // An order with a claim whose seller asked for the item back: the claim now needs (and has) a return label.
    private async Task<string> ReturnRequestedClaimAsync(string orderId)
    {
        await _app.SeedOrderAsync(orderId, "b-1", "s-1", total: new OrderTotal(45m, "EUR"));
        var opened = await _buyer.PostAsJsonAsync("/api/claims", new { orderId, reason = "not_as_described", desiredResolution = "return" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var claim = (await MessagingApp.JsonAsync(opened)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _seller.PostAsync($"/api/claims/{claim}/actions/request_return", null)).StatusCode);
        return claim;
    }

    private async Task<string> CreateTemplateAsync(string body)
    {
        var response = await _marketplace.PostAsJsonAsync("/api/templates", new { name = "Thanks", reason = "CONFIRM_DELIVERY", language = "en", body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await MessagingApp.JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private async Task<string> CreateMarketplaceTemplateAsync()
    {
        var response = await _marketplace.PostAsJsonAsync("/api/templates", new
        {
            name = "Shipping update", reason = "CONFIRM_DELIVERY", language = "en",
            body = "Hello {name}, about order {orderId}: the lamp travels with {carrier} as {trackingNumber} and arrives in about {days} days.",
            variables = new[] { new { name = "name", type = "text" }, new { name = "days", type = "number" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await MessagingApp.JsonAsync(response)).GetProperty("id").GetString()!;
    }
}
