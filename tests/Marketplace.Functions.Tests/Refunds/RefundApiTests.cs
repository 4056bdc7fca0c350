using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Domain.Refunds;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Refunds;

/// <summary>
/// Finance's API and the callback URLs' refusals, without the engine running (refunds are recorded when a claim resolves;
/// their workflows stay queued): the queue oldest first with cursor paging, who may use it, and tampered, wrong-action and
/// expired URLs, each a problem document with its code.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RefundApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_finance = new(CallerRole.Finance, "alice", null);
    private static readonly Caller s_amazonFinance = new(CallerRole.Finance, "carol", "amazon");
    private static readonly Caller s_allegroFinance = new(CallerRole.Finance, "dave", "allegro");

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("Refunds:CallbackKey", RefundWorkflowEndToEndTests.CallbackKey);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PendingQueue_OldestFirst_PagedByCursor_OnlyTheTokensMarketplace()
    {
        var first = await ResolveAsync("q-1", 10m);
        var second = await ResolveAsync("q-2", 20m);
        var third = await ResolveAsync("q-3", 30m);

        var page1 = await MessagingApp.JsonAsync(await _app.ClientFor(s_finance).GetAsync("/api/finance/refunds?limit=2"));
        var cursor = page1.GetProperty("nextCursor").GetString()!;
        var page2 = await MessagingApp.JsonAsync(await _app.ClientFor(s_finance).GetAsync($"/api/finance/refunds?limit=2&cursor={Uri.EscapeDataString(cursor)}"));

        Assert.Equal([first, second], ClaimIds(page1));
        Assert.Equal([third], ClaimIds(page2));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);
        Assert.Equal(3, ClaimIds(await MessagingApp.JsonAsync(await _app.ClientFor(s_amazonFinance).GetAsync("/api/finance/refunds"))).Length);
        Assert.Empty(ClaimIds(await MessagingApp.JsonAsync(await _app.ClientFor(s_allegroFinance).GetAsync("/api/finance/refunds"))));

        var refundId = page1.GetProperty("items")[0].GetProperty("id").GetString()!;
        using var approved = await _app.ClientFor(s_finance).PostAsync($"/api/finance/refunds/{refundId}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal([second, third], ClaimIds(await MessagingApp.JsonAsync(await _app.ClientFor(s_finance).GetAsync("/api/finance/refunds"))));
    }

    [Fact]
    public async Task FinanceApi_OtherRolesAndMarketplaces_AreRefused()
    {
        await ResolveAsync("a-1", 10m);
        var refundId = await RefundIdAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/finance/refunds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.ClientFor(s_buyer).GetAsync("/api/finance/refunds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.ClientFor(s_seller).PostAsync($"/api/finance/refunds/{refundId}/approve", null)).StatusCode);
        using var otherMarketplace = await _app.ClientFor(s_allegroFinance).PostAsync($"/api/finance/refunds/{refundId}/approve", null);
        Assert.Equal(HttpStatusCode.NotFound, otherMarketplace.StatusCode);
        Assert.Equal("refund_not_found", (await MessagingApp.JsonAsync(otherMarketplace)).GetProperty("code").GetString());
        using var noReason = await _app.ClientFor(s_finance).PostAsJsonAsync($"/api/finance/refunds/{refundId}/reject", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("refund_reason_required", (await MessagingApp.JsonAsync(noReason)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task CallbackUrl_Tampered_WrongAction_Expired_AreRefusedWithTheirCodes_NothingDecided()
    {
        await ResolveAsync("c-1", 10m);
        var refundId = await RefundIdAsync();
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var approveSig = Sign(refundId, "approve", 1, expires);

        await AssertRefusedAsync($"/api/refunds/{refundId}/callbacks/approve?step=1&expires={expires + 3600}&sig={approveSig}", 403, "refund_callback_invalid");
        await AssertRefusedAsync($"/api/refunds/{refundId}/callbacks/approve?step=2&expires={expires}&sig={approveSig}", 403, "refund_callback_invalid");
        await AssertRefusedAsync($"/api/refunds/{refundId}x/callbacks/approve?step=1&expires={expires}&sig={approveSig}", 403, "refund_callback_invalid");
        await AssertRefusedAsync($"/api/refunds/{refundId}/callbacks/approve?step=1&expires={expires}", 403, "refund_callback_invalid");
        await AssertRefusedAsync($"/api/refunds/{refundId}/callbacks/reject?step=1&expires={expires}&sig={approveSig}", 403, "refund_callback_wrong_action");
        var past = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        await AssertRefusedAsync($"/api/refunds/{refundId}/callbacks/approve?step=1&expires={past}&sig={Sign(refundId, "approve", 1, past)}", 410, "refund_callback_expired");
        await AssertRefusedAsync($"/api/refunds/{refundId}/callbacks/pay?step=1&expires={expires}&sig={approveSig}", 404, "refund_callback_unknown");

        var refund = await MessagingApp.JsonAsync(await _app.ClientFor(s_finance).GetAsync($"/api/finance/refunds/{refundId}"));
        Assert.Equal("awaiting_approval", refund.GetProperty("state").GetString());
        Assert.Empty(refund.GetProperty("approvers").EnumerateArray());

        using var genuine = await _app.CreateClient().PostAsync($"/api/refunds/{refundId}/callbacks/approve?step=1&expires={expires}&sig={approveSig}", null);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal("approved", (await MessagingApp.JsonAsync(genuine)).GetProperty("state").GetString());
    }

    private async Task AssertRefusedAsync(string url, int status, string code)
    {
        using var response = await _app.CreateClient().PostAsync(url, null);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    private static string Sign(string refundId, string action, int step, long expires) =>
        RefundCallbackSignature.Create(Encoding.UTF8.GetBytes(RefundWorkflowEndToEndTests.CallbackKey), refundId, action, step, expires);

    private async Task<string> ResolveAsync(string orderId, decimal total)
    {
        await _app.SeedOrderAsync(orderId, "b-1", "s-1", total: new OrderTotal(total, "EUR"));
        var id = (await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims",
            new { orderId, reason = "damaged", desiredResolution = "refund" }))).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_seller).PostAsync($"/api/claims/{id}/actions/accept_full_refund", null)).StatusCode);
        return id;
    }

    private async Task<string> RefundIdAsync() =>
        (await MessagingApp.JsonAsync(await _app.ClientFor(s_finance).GetAsync("/api/finance/refunds"))).GetProperty("items")[0].GetProperty("id").GetString()!;

    private static string[] ClaimIds(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("claimId").GetString()!)];
}
