using System.Buffers.Text;
using System.Net;
using System.Text;
using Marketplace.Functions.Security;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>Query parameters are read exactly: nothing out of range or of the wrong shape is guessed at, and none is a 500.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueryParameterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    private readonly MessagingApp _app = new(azurite);

    public async Task InitializeAsync() => await _app.SeedOrderAsync("q-1", "b-1", "s-1");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Messages => "/api/conversations/amazon~o~q-1/messages";

    private static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    private static async Task AssertBadCursorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    // long.MaxValue + 1 wrapped to long.MinValue: the first page again, as if the reader had seen nothing.
    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("1000000000000")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1e3")]
    public async Task Messages_CursorOutOfRangeOrNotASequence_Is400NamingTheCursor(string position)
    {
        using var admin = _app.ClientFor(s_admin);

        var response = await admin.GetAsync($"{Messages}?cursor={Encode(position)}");

        await AssertBadCursorAsync(response);
    }

    [Fact]
    public async Task Messages_CursorAtTheLastPossibleSequence_IsAnEmptyPage()
    {
        using var admin = _app.ClientFor(s_admin);

        var page = await MessagingApp.JsonAsync(await admin.GetAsync($"{Messages}?cursor={Encode("999999999999")}"));

        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("abc")]
    [InlineData("////")]
    [InlineData("AAAA====")]
    public async Task Cursor_NotBase64OfTextWeIssued_Is400NamingTheCursor(string cursor)
    {
        using var admin = _app.ClientFor(s_admin);
        var escaped = Uri.EscapeDataString(cursor);

        await AssertBadCursorAsync(await admin.GetAsync($"{Messages}?cursor={escaped}"));
        await AssertBadCursorAsync(await admin.GetAsync($"/api/inbox?role=seller&partyId=s-1&marketplace=amazon&cursor={escaped}"));
        await AssertBadCursorAsync(await admin.GetAsync($"/api/admin/held-messages?cursor={escaped}"));
    }

    // The inbox and held-message cursors are row keys; any other string positioned the query anywhere ("0" before every
    // row: the first page again), and a control character made the storage query fail (500).
    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    [InlineData("\u0000")]
    [InlineData("9999999999999999999")]
    [InlineData("9999999999999999999~amazon~o~q-1'")]
    public async Task InboxAndHeldCursor_NotARowKeyOfThatList_Is400NamingTheCursor(string position)
    {
        using var admin = _app.ClientFor(s_admin);
        var cursor = Encode(position);

        await AssertBadCursorAsync(await admin.GetAsync($"/api/inbox?role=seller&partyId=s-1&marketplace=amazon&cursor={cursor}"));
        await AssertBadCursorAsync(await admin.GetAsync($"/api/admin/held-messages?cursor={cursor}"));
    }

    [Fact]
    public async Task InboxCursor_PastTheOldestConversation_IsAnEmptyPage()
    {
        using var admin = _app.ClientFor(s_admin);

        var response = await admin.GetAsync($"/api/inbox?role=seller&partyId=s-1&marketplace=amazon&cursor={Encode("9999999999999999999~zzz")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await MessagingApp.JsonAsync(response)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Cursors_ThatTheApiReturned_StillPage()
    {
        await _app.SeedOrderAsync("q-2", "b-1", "s-1");
        using var admin = _app.ClientFor(s_admin);

        var first = await MessagingApp.JsonAsync(await admin.GetAsync("/api/inbox?role=seller&partyId=s-1&marketplace=amazon&limit=1"));
        var next = first.GetProperty("nextCursor").GetString();
        var second = await MessagingApp.JsonAsync(await admin.GetAsync($"/api/inbox?role=seller&partyId=s-1&marketplace=amazon&limit=1&cursor={next}"));

        Assert.NotEqual(
            first.GetProperty("items")[0].GetProperty("conversationId").GetString(),
            second.GetProperty("items")[0].GetProperty("conversationId").GetString());
    }

    // Enum.TryParse read "1" as seller and "0" as buyer.
    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("buyer,seller")]
    public async Task AdminInbox_RoleThatIsNotARoleName_Is400(string role)
    {
        using var admin = _app.ClientFor(s_admin);

        var response = await admin.GetAsync($"/api/inbox?role={Uri.EscapeDataString(role)}&partyId=s-1&marketplace=amazon");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("seller")]
    [InlineData("Seller")]
    public async Task AdminInbox_RoleName_ReadsThatInbox(string role)
    {
        using var admin = _app.ClientFor(s_admin);

        var response = await admin.GetAsync($"/api/inbox?role={role}&partyId=s-1&marketplace=amazon");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await MessagingApp.JsonAsync(response)).GetProperty("items").GetArrayLength());
    }
}
