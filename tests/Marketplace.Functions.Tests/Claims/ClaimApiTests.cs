using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Claims;

/// <summary>Claims through the API on Azurite: opening, the actions and their refusals, the timeline, lists and who sees what.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClaimApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "mediator-1", null);

    private readonly MessagingApp _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Open_ByTheOrdersBuyer_IsCreatedWithTheWindowAndEachPartysActions()
    {
        await SeedOrderAsync("o-1", total: 80m);

        using var opened = await OpenAsync("o-1", "damaged", "refund", "The lamp arrived with a cracked shade.");

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var claim = await MessagingApp.JsonAsync(opened);
        Assert.Equal("opened", claim.GetProperty("state").GetString());
        Assert.Equal(80m, claim.GetProperty("orderTotal").GetDecimal());
        Assert.Equal("EUR", claim.GetProperty("currency").GetString());
        Assert.Equal(TimeSpan.FromHours(72), claim.GetProperty("dueAt").GetDateTimeOffset() - claim.GetProperty("openedAt").GetDateTimeOffset());
        Assert.Equal(["cancel", "escalate"], Actions(claim));
        var id = claim.GetProperty("id").GetString()!;
        Assert.Equal($"/api/claims/{id}", opened.Headers.Location?.OriginalString);

        var asSeller = await MessagingApp.JsonAsync(await _app.ClientFor(s_seller).GetAsync($"/api/claims/{id}"));
        Assert.Equal(["offer_partial_refund", "accept_full_refund", "request_return", "escalate"], Actions(asSeller));
        Assert.All(asSeller.GetProperty("availableActions").EnumerateArray().Where(a => a.GetProperty("action").GetString() != "escalate"),
            a => Assert.Equal(claim.GetProperty("dueAt").GetDateTimeOffset(), a.GetProperty("dueAt").GetDateTimeOffset()));

        // The description is the first message of the claim's own thread, which the seller can read and answer.
        var thread = claim.GetProperty("conversationId").GetString()!;
        var messages = await MessagingApp.JsonAsync(await _app.ClientFor(s_seller).GetAsync($"/api/conversations/{Uri.EscapeDataString(thread)}/messages"));
        Assert.Equal("The lamp arrived with a cracked shade.", messages.GetProperty("items")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Open_Twice_Is409NamingTheOpenClaim_AndWithoutATotal_Is409()
    {
        await SeedOrderAsync("o-2", total: 50m);
        await SeedOrderAsync("o-3", total: null);
        var first = await MessagingApp.JsonAsync(await OpenAsync("o-2", "not_received", "refund"));

        using var again = await OpenAsync("o-2", "not_received", "refund");
        using var noTotal = await OpenAsync("o-3", "damaged", "refund");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await MessagingApp.JsonAsync(again);
        Assert.Equal("claim_already_open", problem.GetProperty("code").GetString());
        Assert.Equal(first.GetProperty("id").GetString(), problem.GetProperty("claimId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, noTotal.StatusCode);
        Assert.Equal("order_total_unknown", (await MessagingApp.JsonAsync(noTotal)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task OfferRejectedThenAccepted_RefundsTheSecondOffer_AndTheTimelineHasEveryStep()
    {
        await SeedOrderAsync("o-4", total: 80m);
        var id = (await MessagingApp.JsonAsync(await OpenAsync("o-4", "not_as_described", "refund"))).GetProperty("id").GetString()!;
        var buyer = _app.ClientFor(s_buyer);
        var seller = _app.ClientFor(s_seller);

        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsJsonAsync($"/api/claims/{id}/actions/offer_partial_refund", new { amount = 10m })).StatusCode);
        var offered = await MessagingApp.JsonAsync(await buyer.GetAsync($"/api/claims/{id}"));
        Assert.Equal(["accept_offer", "reject_offer", "cancel", "escalate"], Actions(offered));
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsync($"/api/claims/{id}/actions/reject_offer", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsJsonAsync($"/api/claims/{id}/actions/offer_partial_refund", new { amount = 25.5m })).StatusCode);
        using var accepted = await buyer.PostAsync($"/api/claims/{id}/actions/accept_offer", null);

        var claim = await MessagingApp.JsonAsync(accepted);
        Assert.Equal("refunded_in_part", claim.GetProperty("state").GetString());
        Assert.Equal(25.5m, claim.GetProperty("refundAmount").GetDecimal());
        Assert.True(claim.GetProperty("isFinal").GetBoolean());
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("reputationImpact").ValueKind);
        Assert.Empty(Actions(claim));
        var timeline = await MessagingApp.JsonAsync(await seller.GetAsync($"/api/claims/{id}/timeline"));
        Assert.Equal(["open", "offer_partial_refund", "reject_offer", "offer_partial_refund", "accept_offer"],
            timeline.EnumerateArray().Select(e => e.GetProperty("action").GetString()!));
        Assert.Equal(["b-1", "s-1", "b-1", "s-1", "b-1"], timeline.EnumerateArray().Select(e => e.GetProperty("actorId").GetString()!));
    }

    [Fact]
    public async Task IllegalAction_Is409NamingTheStateAndWhatIsAllowed_AndABadAmountIs400()
    {
        await SeedOrderAsync("o-5", total: 40m);
        var id = (await MessagingApp.JsonAsync(await OpenAsync("o-5", "wrong_item", "return"))).GetProperty("id").GetString()!;

        using var acceptNothing = await _app.ClientFor(s_buyer).PostAsync($"/api/claims/{id}/actions/accept_offer", null);
        using var tooMuch = await _app.ClientFor(s_seller).PostAsJsonAsync($"/api/claims/{id}/actions/offer_partial_refund", new { amount = 45m });
        using var notYours = await _app.ClientFor(s_buyer).PostAsync($"/api/claims/{id}/actions/accept_full_refund", null);
        using var unknown = await _app.ClientFor(s_buyer).PostAsync($"/api/claims/{id}/actions/refund_twice", null);

        Assert.Equal(HttpStatusCode.Conflict, acceptNothing.StatusCode);
        var problem = await MessagingApp.JsonAsync(acceptNothing);
        Assert.Equal("claim_action_not_allowed", problem.GetProperty("code").GetString());
        Assert.Contains("'opened'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("cancel, escalate", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notYours.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task BuyerCancelsWhileSellerRefunds_ExactlyOneWins()
    {
        for (var i = 0; i < 5; i++)
        {
            await SeedOrderAsync($"race-{i}", total: 30m);
            var id = (await MessagingApp.JsonAsync(await OpenAsync($"race-{i}", "damaged", "refund"))).GetProperty("id").GetString()!;

            var results = await Task.WhenAll(
                _app.ClientFor(s_buyer).PostAsync($"/api/claims/{id}/actions/cancel", null),
                _app.ClientFor(s_seller).PostAsync($"/api/claims/{id}/actions/accept_full_refund", null));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
            var final = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}"));
            var winner = results.Single(r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal((await MessagingApp.JsonAsync(winner)).GetProperty("state").GetString(), final.GetProperty("state").GetString());
            var timeline = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{id}/timeline"));
            Assert.Equal(2, timeline.GetArrayLength());
        }
    }

    [Fact]
    public async Task WhoSeesWhat_PartiesAndStaffOnly_OthersAreToldItDoesNotExist()
    {
        await SeedOrderAsync("o-6", total: 20m);
        var id = (await MessagingApp.JsonAsync(await OpenAsync("o-6", "missing_parts", "refund"))).GetProperty("id").GetString()!;

        foreach (var outsider in new Caller[]
        {
            new(CallerRole.Buyer, "b-2", "amazon"), new(CallerRole.Seller, "s-2", "amazon"), new(CallerRole.Buyer, "b-1", "allegro"),
            new(CallerRole.Finance, "fin-1", "amazon"), new(CallerRole.Marketplace, "allegro-backend", "allegro"),
        })
        {
            foreach (var path in new[] { $"/api/claims/{id}", $"/api/claims/{id}/timeline", $"/api/claims/{id}/evidence" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientFor(outsider).GetAsync(path)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.NotFound, (await _app.ClientFor(outsider).PostAsync($"/api/claims/{id}/actions/cancel", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync($"/api/claims/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(new Caller(CallerRole.Marketplace, "amazon-backend", "amazon")).GetAsync($"/api/claims/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await _app.ClientFor(new Caller(CallerRole.Marketplace, "amazon-backend", "amazon")).PostAsync($"/api/claims/{id}/actions/escalate", null)).StatusCode);
        var asMediator = await MessagingApp.JsonAsync(await _app.ClientFor(s_admin).GetAsync($"/api/claims/{id}"));
        Assert.Empty(Actions(asMediator)); // nothing to decide before escalation
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.ClientFor(s_seller).PostAsJsonAsync("/api/claims", new { orderId = "o-6", reason = "damaged", desiredResolution = "refund" })).StatusCode);
    }

    [Fact]
    public async Task Lists_ShowEachCallerTheirClaims_FilteredByState_WithCursorPaging()
    {
        for (var i = 0; i < 3; i++)
        {
            await SeedOrderAsync($"l-{i}", total: 10m);
            await OpenAsync($"l-{i}", "damaged", "refund");
        }

        var page1 = await MessagingApp.JsonAsync(await _app.ClientFor(s_seller).GetAsync("/api/claims?limit=2"));
        var next = page1.GetProperty("nextCursor").GetString()!;
        var page2 = await MessagingApp.JsonAsync(await _app.ClientFor(s_seller).GetAsync($"/api/claims?limit=2&cursor={Uri.EscapeDataString(next)}"));
        var ids = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(c => c.GetProperty("orderId").GetString()!);

        Assert.Equal(["l-2", "l-1", "l-0"], ids);
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);
        Assert.Empty((await MessagingApp.JsonAsync(await _app.ClientFor(new Caller(CallerRole.Buyer, "b-9", "amazon")).GetAsync("/api/claims"))).GetProperty("items").EnumerateArray());
        Assert.Equal(3, (await MessagingApp.JsonAsync(await _app.ClientFor(s_admin).GetAsync("/api/claims?marketplace=amazon&state=opened"))).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await MessagingApp.JsonAsync(await _app.ClientFor(s_admin).GetAsync("/api/claims?marketplace=amazon&state=cancelled"))).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.ClientFor(s_admin).GetAsync("/api/claims")).StatusCode);
    }

    [Fact]
    public async Task SellerClaimsMetrics_CountClaimsPerOrderAndTheImpacts()
    {
        for (var i = 0; i < 4; i++)
        {
            await SeedOrderAsync($"m-{i}", total: 10m);
        }

        var kept = (await MessagingApp.JsonAsync(await OpenAsync("m-0", "damaged", "refund"))).GetProperty("id").GetString()!;
        var lost = (await MessagingApp.JsonAsync(await OpenAsync("m-1", "not_received", "refund"))).GetProperty("id").GetString()!;
        await _app.ClientFor(s_seller).PostAsync($"/api/claims/{kept}/actions/accept_full_refund", null);
        await _app.ClientFor(s_buyer).PostAsync($"/api/claims/{lost}/actions/escalate", null);
        await _app.ClientFor(s_admin).PostAsJsonAsync($"/api/claims/{lost}/actions/decide_for_buyer", new { reason = "Never delivered." });

        var metrics = await MessagingApp.JsonAsync(await _app.ClientFor(s_seller).GetAsync("/api/seller/claims-metrics"));

        var windows = metrics.GetProperty("windows").EnumerateArray().ToArray();
        Assert.Equal([30, 60, 90], windows.Select(w => w.GetProperty("days").GetInt32()));
        var month = windows[0];
        Assert.Equal(4, month.GetProperty("orders").GetInt32()); // claim threads are not orders
        Assert.Equal(2, month.GetProperty("claims").GetInt32());
        Assert.Equal(0.5, month.GetProperty("claimsRate").GetDouble());
        Assert.Equal(2, month.GetProperty("closed").GetInt32());
        Assert.Equal(1, month.GetProperty("impacts").GetInt32());
        Assert.Equal(1, month.GetProperty("impactsByReason").GetProperty("refunded_by_mediation").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.ClientFor(s_buyer).GetAsync("/api/seller/claims-metrics")).StatusCode);
        Assert.Equal(0, (await MessagingApp.JsonAsync(await _app.ClientFor(new Caller(CallerRole.Seller, "s-9", "amazon"))
            .GetAsync("/api/seller/claims-metrics"))).GetProperty("windows")[0].GetProperty("claims").GetInt32());
    }

    [Fact]
    public async Task ClaimOpenedWebhook_OpensOneClaimPerMarketplaceClaim_HoweverOftenDelivered()
    {
        await SeedOrderAsync("wh-1", total: null);
        var marketplace = _app.ClientFor(new Caller(CallerRole.Marketplace, "amazon-backend", "amazon"));
        string Opened(string eventId) => MessagingApp.Envelope(eventId, "claim.opened", """
            {"claimId":"AMZ-CLAIM-77","orderId":"wh-1","buyerId":"b-1","reason":"not_as_described","desiredResolution":"return",
             "description":"The colour is not the one in the photos.","openedAt":"2026-12-03T10:00:00Z","total":{"amount":42.90,"currency":"EUR"}}
            """);

        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostWebhookAsync("amazon", Opened("evt-c1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _app.PostWebhookAsync("amazon", Opened("evt-c2"))).StatusCode); // the same claim, another delivery id

        JsonElement page = default;
        await MessagingApp.EventuallyAsync(async () =>
            (page = await MessagingApp.JsonAsync(await marketplace.GetAsync("/api/claims?orderId=wh-1"))).GetProperty("items").GetArrayLength() == 1,
            "the claim from the webhook");
        await Task.Delay(1000); // time for the second delivery to be applied too
        page = await MessagingApp.JsonAsync(await marketplace.GetAsync("/api/claims?orderId=wh-1"));
        var claim = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("not_as_described", claim.GetProperty("reason").GetString());
        Assert.Equal(42.90m, claim.GetProperty("orderTotal").GetDecimal());
        Assert.Equal(DateTimeOffset.Parse("2026-12-03T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddHours(72),
            claim.GetProperty("dueAt").GetDateTimeOffset());
        var timeline = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{claim.GetProperty("id").GetString()}/timeline"));
        Assert.Equal("marketplace", Assert.Single(timeline.EnumerateArray()).GetProperty("actorId").GetString());
        using var bad = await _app.PostWebhookAsync("amazon", MessagingApp.Envelope("evt-c3", "claim.opened",
            """{"claimId":"X","orderId":"wh-1","buyerId":"b-1","reason":"meh","desiredResolution":"refund","openedAt":"2026-12-03T10:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not_received", (await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task States_PublishesTheMachine()
    {
        var states = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync("/api/claims/states"));

        Assert.Equal(4, states.GetProperty("states").EnumerateArray().Count(s => s.GetProperty("isFinal").GetBoolean()));
        Assert.Contains(states.GetProperty("transitions").EnumerateArray(), t =>
            t.GetProperty("from").GetString() == "opened" && t.GetProperty("action").GetString() == "offer_partial_refund"
            && t.GetProperty("until").GetString() == "before_due" && t.GetProperty("actors")[0].GetString() == "seller");
    }

    [Fact]
    public async Task Evidence_FilesSentInTheThread_AreListedOnTheClaimForBothParties_AndHiddenFromOthers()
    {
        await SeedOrderAsync("o-ev", total: 25m);
        var claim = await MessagingApp.JsonAsync(await OpenAsync("o-ev", "damaged", "refund", "Photo attached."));
        var id = claim.GetProperty("id").GetString()!;
        var thread = Uri.EscapeDataString(claim.GetProperty("conversationId").GetString()!);
        var buyer = _app.ClientFor(s_buyer);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
        using var upload = new ByteArrayContent(png);
        upload.Headers.ContentType = new("application/octet-stream");
        var uploaded = await buyer.PostAsync($"/api/conversations/{thread}/attachments?fileName=cracked-shade.png", upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachmentId = (await MessagingApp.JsonAsync(uploaded)).GetProperty("id").GetString()!;
        var sent = await buyer.PostAsJsonAsync($"/api/conversations/{thread}/messages", new { text = "The shade, as it arrived.", attachmentIds = new[] { attachmentId } });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);

        foreach (var reader in new[] { s_buyer, s_seller })
        {
            var evidence = await MessagingApp.JsonAsync(await _app.ClientFor(reader).GetAsync($"/api/claims/{id}/evidence"));
            var file = Assert.Single(evidence.EnumerateArray());
            Assert.Equal("cracked-shade.png", file.GetProperty("fileName").GetString());
            Assert.Equal("image/png", file.GetProperty("contentType").GetString());
            Assert.Equal("buyer", file.GetProperty("authorRole").GetString());
            using var download = await _app.ClientFor(reader).GetAsync(file.GetProperty("downloadUrl").GetString());
            Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        }

        var stranger = _app.ClientFor(new Caller(CallerRole.Buyer, "b-2", "amazon"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/claims/{id}/evidence")).StatusCode);
    }

    [Fact]
    public async Task ClaimThread_BuyersMessage_StartsNoReplyDeadline_TheClaimWindowIsTheSellersDeadline()
    {
        await SeedOrderAsync("o-nodl", total: 25m);
        var claim = await MessagingApp.JsonAsync(await OpenAsync("o-nodl", "damaged", "refund", "It arrived broken."));
        var thread = claim.GetProperty("conversationId").GetString()!;
        var order = Domain.Conversations.Identifiers.OrderConversationId("amazon", "o-nodl");
        Assert.Equal(HttpStatusCode.Created, (await _app.ClientFor(s_buyer).PostAsJsonAsync($"/api/conversations/{order}/messages", new { text = "Also, is a spare shade available?" })).StatusCode);

        var durable = _app.Services.GetRequiredService<DurableTaskClient>();
        var conversations = _app.Services.GetRequiredService<ConversationStore>();
        var threadWait = (await conversations.GetAsync(thread, CancellationToken.None))!.Summary.AwaitingReplySince!.Value;
        var orderWait = (await conversations.GetAsync(order, CancellationToken.None))!.Summary.AwaitingReplySince!.Value;
        Assert.Null(await durable.GetInstanceAsync(ReplyDeadlineOrchestrator.InstanceIdFor(thread, threadWait)));
        Assert.NotNull(await durable.GetInstanceAsync(ReplyDeadlineOrchestrator.InstanceIdFor(order, orderWait)));
    }

    private async Task<HttpResponseMessage> OpenAsync(string orderId, string reason, string desired, string? description = null) =>
        await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims", new { orderId, reason, desiredResolution = desired, description });

    private Task<Domain.Conversations.Conversation> SeedOrderAsync(string orderId, decimal? total) =>
        _app.SeedOrderAsync(orderId, "b-1", "s-1", total: total is { } amount ? new OrderTotal(amount, "EUR") : null);

    private static string[] Actions(JsonElement claim) =>
        [.. claim.GetProperty("availableActions").EnumerateArray().Select(a => a.GetProperty("action").GetString()!)];
}
