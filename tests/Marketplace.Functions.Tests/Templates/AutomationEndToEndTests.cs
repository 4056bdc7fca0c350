using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Workflows.Automations;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Templates;

/// <summary>
/// Automations on the real engine (DurableTask.AzureStorage on Azurite), with delays of seconds: order webhooks start them,
/// a durable timer waits, and the send happens once, or not at all when the seller wrote, the buyer opted out or it is paused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AutomationEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Body = "Hello, a note about order {orderId}: the lamp is fragile, please open the box from the top. Carrier {carrier}, tracking {trackingNumber}.";

    private static readonly Caller s_marketplace = new(CallerRole.Marketplace, "amazon", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200")
        .WithSetting("DurableTask:WorkerEnabled", "true");

    private HttpClient _seller = null!;

    public Task InitializeAsync()
    {
        _seller = _app.ClientFor(s_seller);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _seller.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ShippedWebhook_SendsOnceAfterTheDelay_DuplicateShippedWebhooksSendNothingTwice()
    {
        var automation = await CreateAutomationAsync("CONFIRM_DELIVERY", "PT2S");
        await CreateOrderAsync("au-1", "b-1");
        var shippedAt = DateTimeOffset.UtcNow;

        await ShipAsync("au-1", "ship-au-1");
        await ShipAsync("au-1", "ship-au-1"); // the same webhook again
        await ShipAsync("au-1", "ship-au-1-again"); // the marketplace says it twice, under another id

        Assert.Equal(AutomationOutcomes.Sent, await OutcomeAsync(automation, "au-1"));
        var messages = await SellerMessagesAsync("au-1");
        var sent = Assert.Single(messages);
        Assert.Equal("Hello, a note about order au-1: the lamp is fragile, please open the box from the top. Carrier UPS, tracking 1Z999AA10123456784.",
            sent.GetProperty("text").GetString());
        Assert.Equal(automation, sent.GetProperty("sentBy").GetProperty("automationId").GetString());
        Assert.Equal(1, sent.GetProperty("sentBy").GetProperty("templateVersion").GetInt32());
        Assert.True(sent.GetProperty("sentAt").GetDateTimeOffset() >= shippedAt.AddSeconds(2), "Sent before the delay.");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(await SellerMessagesAsync("au-1"));
    }

    [Fact]
    public async Task ManualReplyAfterTheEvent_AutomationSendsNothing()
    {
        var automation = await CreateAutomationAsync("CONFIRM_DELIVERY", "PT4S");
        await CreateOrderAsync("au-2", "b-2");
        await ShipAsync("au-2", "ship-au-2");
        await MessagingApp.EventuallyAsync(async () => await InstanceAsync(automation, "au-2") is not null, "the automation to start");

        var manual = await _seller.PostAsJsonAsync("/api/conversations/amazon~o~au-2/messages",
            new { text = "Hello, the lamp is fragile: please open the box from the top.", reason = "CONFIRM_DELIVERY" });

        Assert.Equal(HttpStatusCode.Created, manual.StatusCode);
        Assert.Equal(AutomationOutcomes.SellerWrote, await OutcomeAsync(automation, "au-2"));
        var only = Assert.Single(await SellerMessagesAsync("au-2"));
        Assert.Equal(JsonValueKind.Null, only.GetProperty("sentBy").ValueKind);
    }

    [Fact]
    public async Task OptedOutBuyer_OnlyTheCriticalReasonGetsThrough()
    {
        var plain = await CreateAutomationAsync("CONFIRM_DELIVERY", "PT1S");
        var critical = await CreateAutomationAsync("DELIVERY_SCHEDULING", "PT1S");
        await CreateOrderAsync("au-3", "b-3");
        using var buyer = _app.ClientFor(new Caller(CallerRole.Buyer, "b-3", "amazon"));
        (await buyer.PutAsJsonAsync("/api/me/preferences", new { optOutOfUnsolicitedMessages = true })).EnsureSuccessStatusCode();

        await ShipAsync("au-3", "ship-au-3");

        Assert.Equal(AutomationOutcomes.BuyerOptedOut, await OutcomeAsync(plain, "au-3"));
        Assert.Equal(AutomationOutcomes.Sent, await OutcomeAsync(critical, "au-3"));
        var sent = Assert.Single(await SellerMessagesAsync("au-3"));
        Assert.Equal(critical, sent.GetProperty("sentBy").GetProperty("automationId").GetString());
        Assert.Equal("DELIVERY_SCHEDULING", sent.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PausedWhileWaiting_SkipsTheSend_ResumedSendsForTheNextOrder()
    {
        var automation = await CreateAutomationAsync("CONFIRM_DELIVERY", "PT3S");
        await CreateOrderAsync("au-4", "b-4");
        await CreateOrderAsync("au-5", "b-5");
        await ShipAsync("au-4", "ship-au-4");
        await MessagingApp.EventuallyAsync(async () => await InstanceAsync(automation, "au-4") is not null, "the automation to start");

        var paused = await MessagingApp.JsonAsync(await _seller.PostAsync($"/api/automations/{automation}/pause", null));
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(AutomationOutcomes.Paused, await OutcomeAsync(automation, "au-4"));

        var resumed = await MessagingApp.JsonAsync(await _seller.PostAsync($"/api/automations/{automation}/resume", null));
        await ShipAsync("au-5", "ship-au-5");

        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.Equal(AutomationOutcomes.Sent, await OutcomeAsync(automation, "au-5"));
        Assert.Empty(await SellerMessagesAsync("au-4"));
        Assert.Single(await SellerMessagesAsync("au-5"));
    }

    [Fact]
    public async Task EditedWhileWaiting_TheSendUsesTheAutomationAsItIsWhenTheTimerFires()
    {
        var automation = await CreateAutomationAsync("CONFIRM_DELIVERY", "PT4S");
        await CreateOrderAsync("au-6", "b-6");
        await ShipAsync("au-6", "ship-au-6");
        await MessagingApp.EventuallyAsync(async () => await InstanceAsync(automation, "au-6") is not null, "the automation to start");
        var replacement = await CreateTemplateAsync("Hello, about order {orderId}: {note}", new { name = "note", type = "text" });

        var edit = await _seller.PutAsJsonAsync($"/api/automations/{automation}", new
        {
            templateId = replacement, @event = "order_shipped", delay = "PT4S", variables = new { note = "it left our workshop today." },
        });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(AutomationOutcomes.Sent, await OutcomeAsync(automation, "au-6"));
        var sent = Assert.Single(await SellerMessagesAsync("au-6"));
        Assert.Equal("Hello, about order au-6: it left our workshop today.", sent.GetProperty("text").GetString());
        Assert.Equal(replacement, sent.GetProperty("sentBy").GetProperty("templateId").GetString());
        Assert.Equal(2, sent.GetProperty("sentBy").GetProperty("automationVersion").GetInt32());
    }

    [Fact]
    public async Task EventChangedWhileWaiting_TheWaitingSendIsSkipped()
    {
        var automation = await CreateAutomationAsync("CONFIRM_DELIVERY", "PT3S");
        await CreateOrderAsync("au-7", "b-7");
        await ShipAsync("au-7", "ship-au-7");
        await MessagingApp.EventuallyAsync(async () => await InstanceAsync(automation, "au-7") is not null, "the automation to start");
        var current = await _seller.GetFromJsonAsync<JsonElement>($"/api/automations/{automation}");

        var edit = await _seller.PutAsJsonAsync($"/api/automations/{automation}", new
        {
            templateId = current.GetProperty("templateId").GetString(), @event = "order_delivered", delay = "PT3S",
        });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(AutomationOutcomes.EventChanged, await OutcomeAsync(automation, "au-7"));
        Assert.Empty(await SellerMessagesAsync("au-7"));
    }

    [Fact]
    public async Task DelayLengthenedWhileWaiting_SendsAtTheNewTime()
    {
        var automation = await CreateAutomationAsync("CONFIRM_DELIVERY", "PT2S");
        await CreateOrderAsync("au-8", "b-8");
        var shippedAt = DateTimeOffset.UtcNow;
        await ShipAsync("au-8", "ship-au-8");
        await MessagingApp.EventuallyAsync(async () => await InstanceAsync(automation, "au-8") is not null, "the automation to start");
        var current = await _seller.GetFromJsonAsync<JsonElement>($"/api/automations/{automation}");

        var edit = await _seller.PutAsJsonAsync($"/api/automations/{automation}", new
        {
            templateId = current.GetProperty("templateId").GetString(), @event = "order_shipped", delay = "PT7S",
        });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(AutomationOutcomes.Sent, await OutcomeAsync(automation, "au-8"));
        var sent = Assert.Single(await SellerMessagesAsync("au-8"));
        Assert.True(sent.GetProperty("sentAt").GetDateTimeOffset() >= shippedAt.AddSeconds(7), "Sent at the delay the automation had before the edit.");
    }

    private async Task<string> CreateTemplateAsync(string body, params object[] variables)
    {
        using var marketplace = _app.ClientFor(s_marketplace);
        var template = await marketplace.PostAsJsonAsync("/api/templates", new { name = "Edited", reason = "CONFIRM_DELIVERY", language = "en", body, variables });
        Assert.Equal(HttpStatusCode.Created, template.StatusCode);
        return (await MessagingApp.JsonAsync(template)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task BuyerOpensAClaimThroughTheApi_ClaimOpenedAutomationSendsOnce()
    {
        var automation = await CreateAutomationAsync(
            "CONFIRM_DELIVERY", "PT1S", "claim_opened", "Hello, about order {orderId}: sorry that the lamp is not as described, we are looking at your claim today.");
        await CreateOrderAsync("au-9", "b-9", ""","total":{"amount":45.00,"currency":"EUR"}""");
        using var buyer = _app.ClientFor(new Caller(CallerRole.Buyer, "b-9", "amazon"));

        var opened = await buyer.PostAsJsonAsync("/api/claims", new { orderId = "au-9", reason = "not_as_described", desiredResolution = "return" });

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(AutomationOutcomes.Sent, await OutcomeAsync(automation, "au-9", "claim_opened"));
        var sent = Assert.Single(await SellerMessagesAsync("au-9"));
        Assert.Equal(automation, sent.GetProperty("sentBy").GetProperty("automationId").GetString());
    }

    private async Task<string> CreateAutomationAsync(string reason, string delay, string @event = "order_shipped", string body = Body)
    {
        using var marketplace = _app.ClientFor(s_marketplace);
        var template = await marketplace.PostAsJsonAsync("/api/templates", new { name = "Fragile", reason, language = "en", body });
        Assert.Equal(HttpStatusCode.Created, template.StatusCode);
        var created = await _seller.PostAsJsonAsync("/api/automations", new
        {
            templateId = (await MessagingApp.JsonAsync(template)).GetProperty("id").GetString(), @event, delay,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await MessagingApp.JsonAsync(created)).GetProperty("id").GetString()!;
    }

    private async Task CreateOrderAsync(string orderId, string buyerId, string extraFields = "")
    {
        var body = MessagingApp.Envelope($"created-{orderId}", "order.created", $$"""
            {"orderId":"{{orderId}}","buyerId":"{{buyerId}}","sellerId":"s-1","buyerLanguage":"en",
             "placedAt":"2026-11-23T08:00:00Z","items":[{"sku":"SKU-1","title":"Lamp","quantity":1}]{{extraFields}}}
            """);
        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostWebhookAsync("amazon", body)).StatusCode);
        await MessagingApp.EventuallyAsync(
            async () => (await _seller.GetAsync($"/api/conversations/amazon~o~{orderId}")).StatusCode == HttpStatusCode.OK, "the order's conversation");
    }

    private async Task ShipAsync(string orderId, string eventId)
    {
        var body = MessagingApp.Envelope(eventId, "order.shipped", $$"""{"orderId":"{{orderId}}","trackingNumber":"1Z999AA10123456784","carrier":"UPS"}""");
        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostWebhookAsync("amazon", body)).StatusCode);
    }

    private async Task<List<JsonElement>> SellerMessagesAsync(string orderId) =>
        [.. (await _seller.GetFromJsonAsync<JsonElement>($"/api/conversations/amazon~o~{orderId}/messages")).GetProperty("items").EnumerateArray()];

    private Task<OrchestrationMetadata?> InstanceAsync(string automation, string orderId, string @event = "order_shipped") =>
        _app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(
            AutomationOrchestrator.InstanceIdFor("amazon", "s-1", automation, orderId, @event), getInputsAndOutputs: true);

    private async Task<string?> OutcomeAsync(string automation, string orderId, string @event = "order_shipped")
    {
        await MessagingApp.EventuallyAsync(
            async () => await InstanceAsync(automation, orderId, @event) is { IsCompleted: true }, $"automation for {orderId} to finish");
        var instance = (await InstanceAsync(automation, orderId, @event))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        return instance.ReadOutputAs<string>();
    }
}
