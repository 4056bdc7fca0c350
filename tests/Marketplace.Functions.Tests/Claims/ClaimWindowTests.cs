using System.Net;
using System.Net.Http.Json;
using Marketplace.Domain.Claims;
using Marketplace.Domain.Events;
using Marketplace.Functions.Claims;
using Marketplace.Functions.EventsOut;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Storage.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Claims;

/// <summary>
/// The claim window's expiry step against the stored claim. The workflow retries a step that failed (storage busy, a
/// process restarting), so the step can run again after it took effect: it must then still say the window expired the
/// claim, and change nothing more.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClaimWindowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");

    private readonly MessagingApp _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Expire_RunAgainAfterItTookEffect_StillSaysExpiredAndRecordsItOnce()
    {
        var (claimId, window) = await OpenPastItsWindowAsync("cw-1");

        Assert.True(await window.ExpireAsync(claimId, CancellationToken.None));
        Assert.True(await window.ExpireAsync(claimId, CancellationToken.None));

        var claims = _app.Services.GetRequiredService<ClaimStore>();
        Assert.Equal(ClaimState.InMediation, (await claims.GetAsync(claimId, CancellationToken.None))!.Claim.State);
        Assert.Equal([ClaimAction.Open, ClaimAction.Expire], (await claims.TimelineAsync(claimId, CancellationToken.None)).Select(e => e.Action));
        Assert.False(await window.IsAwaitingSellerAsync(claimId, CancellationToken.None));
    }

    [Fact]
    public async Task Expire_AfterTheBuyerEscalated_SaysTheWindowDidNotExpireIt()
    {
        var (claimId, window) = await OpenPastItsWindowAsync("cw-2");
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_buyer).PostAsync($"/api/claims/{claimId}/actions/escalate", null)).StatusCode);

        Assert.False(await window.ExpireAsync(claimId, CancellationToken.None));

        var timeline = await _app.Services.GetRequiredService<ClaimStore>().TimelineAsync(claimId, CancellationToken.None);
        Assert.Equal([ClaimAction.Open, ClaimAction.Escalate], timeline.Select(e => e.Action));
    }

    /// <summary>A buyer's claim, and the window's step on a clock a second past the claim's due time.</summary>
    private async Task<(string ClaimId, ClaimWindow Window)> OpenPastItsWindowAsync(string orderId)
    {
        await _app.SeedOrderAsync(orderId, "b-1", "s-1", total: new OrderTotal(30m, "EUR"));
        var opened = await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims", new { orderId, reason = "damaged", desiredResolution = "refund" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var claim = await MessagingApp.JsonAsync(opened);
        var clock = new FakeTimeProvider(claim.GetProperty("dueAt").GetDateTimeOffset().AddSeconds(1));
        var window = new ClaimWindow(
            _app.Services.GetRequiredService<ClaimStore>(), _app.Services.GetRequiredService<MarketplaceEventOutbox>(), clock);
        return (claim.GetProperty("id").GetString()!, window);
    }
}
