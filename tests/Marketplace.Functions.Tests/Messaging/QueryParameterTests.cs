using System.Net;
using System.Text;
using System.Text.Json;
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
