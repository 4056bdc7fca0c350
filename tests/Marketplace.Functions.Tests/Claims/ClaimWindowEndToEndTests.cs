using System.Net;
using System.Net.Http.Json;
using Marketplace.Domain.Events;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Deadlines;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Claims;

/// <summary>
/// The claim window on the real engine (DurableTask.AzureStorage on Azurite), shortened to seconds: the seller is
/// reminded by a signed webhook, the window expires into mediation, and the mediator decides for the buyer with a reason.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClaimWindowEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_mediator = new(CallerRole.Admin, "mediator-1", null);

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("Messaging:Profiles:amazon:Claims:ResolutionWindow", "00:00:08")
        .WithSetting("Messaging:Profiles:amazon:Claims:ReminderOffsets:0", "00:00:04")
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
    public async Task UnresolvedClaim_RemindsTheSeller_ExpiresIntoMediation_MediatorDecidesForTheBuyer_ImpactRecorded()
    {
        var seller = _app.ClientFor(s_seller);
        await seller.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = _listener.Url, reminderWebhookSecret = _listener.Secret });
        await _app.SeedOrderAsync("w-1", "b-1", "s-1", total: new OrderTotal(60m, "EUR"));
        var opened = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims",
            new { orderId = "w-1", reason = "not_received", desiredResolution = "refund" }));
        var id = opened.GetProperty("id").GetString()!;
        var dueAt = opened.GetProperty("dueAt").GetDateTimeOffset();

        await MessagingApp.EventuallyAsync(() => Task.FromResult(_listener.Received.Any(r => r.Body.Contains("claim.reminder", StringComparison.Ordinal))),
            "the claim reminder");
        var reminder = _listener.Received.Single(r => r.Body.Contains("claim.reminder", StringComparison.Ordinal));
        Assert.Equal(SignatureCheck.Valid, reminder.Signature);
        Assert.Contains(id, reminder.Body, StringComparison.Ordinal);
        Assert.True(reminder.ReceivedAt >= dueAt.AddSeconds(-4), "The reminder came before its time.");

        await MessagingApp.EventuallyAsync(async () =>
            (await MessagingApp.JsonAsync(await seller.GetAsync($"/api/claims/{id}"))).GetProperty("state").GetString() == "in_mediation",
            "the window to expire into mediation");
        var escalated = await MessagingApp.JsonAsync(await _app.ClientFor(s_mediator).GetAsync($"/api/claims/{id}"));
        Assert.True(escalated.GetProperty("escalatedAt").GetDateTimeOffset() >= dueAt, "Expired before the window's end.");
        Assert.Equal(["decide_for_buyer", "decide_for_seller"],
            escalated.GetProperty("availableActions").EnumerateArray().Select(a => a.GetProperty("action").GetString()!));
        Assert.Equal(HttpStatusCode.Conflict, (await seller.PostAsJsonAsync($"/api/claims/{id}/actions/offer_partial_refund", new { amount = 5m })).StatusCode);

        using var decided = await _app.ClientFor(s_mediator).PostAsJsonAsync($"/api/claims/{id}/actions/decide_for_buyer",
            new { reason = "No tracking shows delivery; the seller did not answer in 72 hours." });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var claim = await MessagingApp.JsonAsync(decided);
        Assert.Equal("refunded_in_full", claim.GetProperty("state").GetString());
        Assert.Equal(60m, claim.GetProperty("refundAmount").GetDecimal());
        Assert.Equal("refunded_by_mediation", claim.GetProperty("reputationImpact").GetString());
        var timeline = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}/timeline"));
        Assert.Equal(["open", "expire", "decide_for_buyer"], timeline.EnumerateArray().Select(e => e.GetProperty("action").GetString()!));
        Assert.Equal("system", timeline[1].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task ClaimResolvedInTime_IsNeverExpired()
    {
        await _app.SeedOrderAsync("w-2", "b-1", "s-1", total: new OrderTotal(15m, "EUR"));
        var id = (await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims",
            new { orderId = "w-2", reason = "damaged", desiredResolution = "refund" }))).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_seller).PostAsync($"/api/claims/{id}/actions/accept_full_refund", null)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(10)); // past the window's end

        var claim = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}"));
        Assert.Equal("refunded_in_full", claim.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, claim.GetProperty("reputationImpact").ValueKind);
        Assert.Equal(2, (await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}/timeline"))).GetArrayLength());
    }
}
