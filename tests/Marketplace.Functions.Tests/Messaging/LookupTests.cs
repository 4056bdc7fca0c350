using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>What an integrator looks up: an order's conversation, a marketplace's inbox, messages newest first, paged lists, and nothing ignored.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LookupTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_marketplace = new(CallerRole.Marketplace, "amazon-backend", "amazon");
    private static readonly Caller s_seller1 = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_buyer1 = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    private readonly MessagingApp _app = new(azurite);

    public async Task InitializeAsync()
    {
        await _app.SeedOrderAsync("o-1", "b-1", "s-1");
        await _app.SeedOrderAsync("o-2", "b-2", "s-1");
        await _app.SeedOrderAsync("o-3", "b-1", "s-2");
        await _app.SeedOrderAsync("o-4", "b-3", "s-3");
        await _app.SeedOrderAsync("o-9", "b-1", "s-1", marketplace: "allegro");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OrderConversation_ItsSeller_GetsTheOrdersConversation()
    {
        using var seller = _app.ClientFor(s_seller1);

        var conversation = await MessagingApp.JsonAsync(await seller.GetAsync("/api/orders/o-1/conversation"));

        Assert.Equal("amazon~o~o-1", conversation.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("o-3")] // another seller's order
    [InlineData("o-404")] // no such order
    [InlineData("o-9")] // the seller's order on another marketplace
    [InlineData("a%20b")] // not an order id at all
    public async Task OrderConversation_NotTheCallersOrder_Is404(string orderId)
    {
        using var seller = _app.ClientFor(s_seller1);

        var response = await seller.GetAsync($"/api/orders/{orderId}/conversation");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OrderConversation_Admin_NamesTheMarketplace()
    {
        using var admin = _app.ClientFor(s_admin);

        var without = await admin.GetAsync("/api/orders/o-9/conversation");
        var with = await admin.GetAsync("/api/orders/o-9/conversation?marketplace=allegro");

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal("allegro~o~o-9", (await MessagingApp.JsonAsync(with)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task UnknownQueryParameter_Is400NamingItAndTheAcceptedOnes()
    {
        using var seller = _app.ClientFor(s_seller1);

        var inbox = await seller.GetAsync("/api/inbox?orderId=o-1");
        var conversation = await seller.GetAsync("/api/conversations/amazon~o~o-1?verbose=true");

        Assert.Equal(HttpStatusCode.BadRequest, inbox.StatusCode);
        var problem = await MessagingApp.JsonAsync(inbox);
        Assert.Equal("unknown_query_parameter", problem.GetProperty("code").GetString());
        Assert.Equal(["orderId"], problem.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("'orderId' is not a query parameter of this operation. This operation accepts: filter, counterpart,", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, conversation.StatusCode);
        Assert.Contains("takes no query parameters", (await MessagingApp.JsonAsync(conversation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarketplaceInbox_PagedOneByOne_ListsEachOfItsConversationsOnce()
    {
        using var marketplace = _app.ClientFor(s_marketplace);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await MessagingApp.JsonAsync(await marketplace.GetAsync(
                "/api/marketplace/inbox?limit=1" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("conversationId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(["amazon~o~o-1", "amazon~o~o-2", "amazon~o~o-3", "amazon~o~o-4"], seen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("seller=s-1", "amazon~o~o-1 amazon~o~o-2")]
    [InlineData("buyer=b-1", "amazon~o~o-1 amazon~o~o-3")]
    [InlineData("seller=s-1&buyer=b-2", "amazon~o~o-2")]
    [InlineData("createdTo=2000-01-01T00:00:00Z", "")]
    public async Task MarketplaceInbox_Filtered_ListsOnlyTheMatchingConversations(string query, string expected)
    {
        using var marketplace = _app.ClientFor(s_marketplace);

        var page = await MessagingApp.JsonAsync(await marketplace.GetAsync("/api/marketplace/inbox?" + query));

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), items.Select(i => i.GetProperty("conversationId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal("order", i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task MarketplaceInbox_AwaitingReply_ListsConversationsAwaitingTheSeller()
    {
        using var buyer = _app.ClientFor(s_buyer1);
        using var marketplace = _app.ClientFor(s_marketplace);
        (await buyer.PostAsJsonAsync("/api/conversations/amazon~o~o-3/messages", new { text = "Where is my parcel?" })).EnsureSuccessStatusCode();

        JsonElement page = default;
        await MessagingApp.EventuallyAsync(async () =>
        {
            page = await MessagingApp.JsonAsync(await marketplace.GetAsync("/api/marketplace/inbox?filter=awaiting-reply"));
            return page.GetProperty("items").GetArrayLength() > 0;
        }, "the inbox shows the conversation awaiting the seller");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("s-2", item.GetProperty("sellerId").GetString());
        Assert.Equal("b-1", item.GetProperty("buyerId").GetString());
        Assert.True(item.GetProperty("awaitingSellerReply").GetBoolean());
    }

    [Fact]
    public async Task MarketplaceInbox_SellerOrAnotherMarketplacesName_IsRefused()
    {
        using var seller = _app.ClientFor(s_seller1);
        using var marketplace = _app.ClientFor(s_marketplace);

        Assert.Equal(HttpStatusCode.Forbidden, (await seller.GetAsync("/api/marketplace/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await marketplace.GetAsync("/api/marketplace/inbox?marketplace=allegro")).StatusCode);
    }

    [Fact]
    public async Task Messages_NewestFirst_PagesBackwardsThroughEveryMessage()
    {
        using var buyer = _app.ClientFor(s_buyer1);
        for (var i = 1; i <= 5; i++)
        {
            (await buyer.PostAsJsonAsync("/api/conversations/amazon~o~o-1/messages", new { text = $"message {i}" })).EnsureSuccessStatusCode();
        }

        var pages = new List<long[]>();
        string? cursor = null;
        do
        {
            var page = await MessagingApp.JsonAsync(await buyer.GetAsync(
                "/api/conversations/amazon~o~o-1/messages?order=newest-first&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            pages.Add([.. page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetInt64())]);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([[5, 4], [3, 2], [1]], pages);
    }

    [Fact]
    public async Task Messages_OldestFirstCursorReadNewestFirst_Is400()
    {
        using var buyer = _app.ClientFor(s_buyer1);
        for (var i = 1; i <= 3; i++)
        {
            (await buyer.PostAsJsonAsync("/api/conversations/amazon~o~o-1/messages", new { text = $"message {i}" })).EnsureSuccessStatusCode();
        }

        var oldest = await MessagingApp.JsonAsync(await buyer.GetAsync("/api/conversations/amazon~o~o-1/messages?limit=1"));
        var cursor = Uri.EscapeDataString(oldest.GetProperty("nextCursor").GetString()!);

        var response = await buyer.GetAsync($"/api/conversations/amazon~o~o-1/messages?order=newest-first&cursor={cursor}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Vacations_Paged_EarliestFirstWithACursor()
    {
        using var seller = _app.ClientFor(s_seller1);
        var start = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var days in new[] { 20, 0, 10 })
        {
            (await seller.PostAsJsonAsync("/api/seller/vacations", new { start = start.AddDays(days), end = start.AddDays(days + 2) })).EnsureSuccessStatusCode();
        }

        var first = await MessagingApp.JsonAsync(await seller.GetAsync("/api/seller/vacations?limit=2"));
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
        var second = await MessagingApp.JsonAsync(await seller.GetAsync($"/api/seller/vacations?limit=2&cursor={cursor}"));

        Assert.Equal([start, start.AddDays(10)], first.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("start").GetDateTimeOffset()));
        Assert.Equal([start.AddDays(20)], second.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("start").GetDateTimeOffset()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Deadlines_IsAPage()
    {
        using var seller = _app.ClientFor(s_seller1);

        var page = await MessagingApp.JsonAsync(await seller.GetAsync("/api/seller/deadlines?limit=10"));

        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }
}
