using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Claims;
using Marketplace.Domain.Events;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Functions.Tests.Refunds;
using Marketplace.Storage.Claims;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Claims;

/// <summary>
/// A claim action whose process dies right after the claim's commit: the delayed check the action queued first redoes what
/// followed it from the claim as it is, so the refund its resolution owes is started once, not lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClaimRepairTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_finance = new(CallerRole.Finance, "carol", "amazon");

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("Refunds:CallbackKey", RefundWorkflowEndToEndTests.CallbackKey)
        .WithSetting("Messaging:FollowUpCheckDelay", "00:00:01");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RefundCommittedButProcessDiedBeforeTheRefund_TheCheckStartsItOnce()
    {
        await _app.SeedOrderAsync("rp-1", "b-1", "s-1", total: new OrderTotal(45m, "EUR"));
        var opened = await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims", new { orderId = "rp-1", reason = "damaged", desiredResolution = "refund" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var claimId = (await MessagingApp.JsonAsync(opened)).GetProperty("id").GetString()!;

        // The seller's full refund as the process got it done before dying: the claim's commit, and nothing after it but the
        // check queued before it.
        var checks = _app.Services.GetRequiredService<Functions.Messaging.Events.ConversationChecks>();
        await checks.ScheduleAsync(ClaimStore.ConversationIdOf(claimId), CancellationToken.None);
        await _app.Services.GetRequiredService<ClaimStore>().ActAsync(
            claimId, new ClaimRequest(ClaimAction.AcceptFullRefund, ClaimActor.Seller, DateTimeOffset.UtcNow), "s-1", CancellationToken.None);
        Assert.Empty(await PendingAsync(claimId));

        await MessagingApp.EventuallyAsync(async () => (await PendingAsync(claimId)).Length == 1, "the refund started by the check");
        await checks.ScheduleAsync(ClaimStore.ConversationIdOf(claimId), CancellationToken.None);
        await Task.Delay(3000);

        var refund = Assert.Single(await PendingAsync(claimId));
        Assert.Equal(45m, refund.GetProperty("amount").GetDecimal());
    }

    private async Task<JsonElement[]> PendingAsync(string claimId) =>
        [.. (await MessagingApp.JsonAsync(await _app.ClientFor(s_finance).GetAsync("/api/finance/refunds"))).GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("claimId").GetString() == claimId)];
}
