using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Security;

/// <summary>
/// A correctly signed token is still refused (401 token_invalid) when a claim the app reads is not exactly what it
/// expects: no guessing a role from "4" or "buyer,seller", no party id that cannot be a storage key.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TokenClaimTests(AzuriteFixture azurite) : IDisposable
{
    private const string AnyPath = "/api/me/preferences";
    private readonly TestAppFactory _factory = new(azurite);

    public void Dispose() => _factory.Dispose();

    public static TheoryData<object> LenientRoles => new()
    {
        "4", "0", "-1", 4, "Admin", "ADMIN", " admin", "admin ", "buyer,seller", "Buyer, Seller", "", "owner",
        new[] { "buyer", "admin" },
    };

    [Theory]
    [MemberData(nameof(LenientRoles))]
    public async Task Role_NotExactlyOneKnownName_Is401TokenInvalid(object role)
    {
        using var response = await GetAsync(new() { ["role"] = role, ["sub"] = "b-1", ["marketplace"] = "amazon" });

        await AssertTokenInvalidAsync(response);
    }

    [Theory]
    [InlineData("marketplace")]
    [InlineData("buyer")]
    [InlineData("seller")]
    [InlineData("finance")]
    [InlineData("admin")]
    public async Task Role_ExactName_IsAccepted(string role)
    {
        using var response = await GetAsync(new() { ["role"] = role, ["sub"] = "p-1", ["marketplace"] = "amazon" });

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("buyer", "b/1")]
    [InlineData("buyer", "b~1")]
    [InlineData("seller", "s#1")]
    [InlineData("seller", "s 1")]
    [InlineData("buyer", " ")]
    public async Task PartyId_NotAnIdentifierForABuyerOrSeller_Is401TokenInvalid(string role, string sub)
    {
        using var response = await GetAsync(new() { ["role"] = role, ["sub"] = sub, ["marketplace"] = "amazon" });

        await AssertTokenInvalidAsync(response);
    }

    [Fact]
    public async Task PartyId_TwoValues_Is401TokenInvalid()
    {
        using var response = await GetAsync(new() { ["role"] = "buyer", ["sub"] = new[] { "b-1", "b-2" }, ["marketplace"] = "amazon" });

        await AssertTokenInvalidAsync(response);
    }

    [Fact]
    public async Task PartyId_OfAnAdmin_MayBeWhatTheIdentityProviderUses()
    {
        using var response = await GetAsync(new() { ["role"] = "admin", ["sub"] = "auth0|alice@example.com" }, "/api/admin/poison/no-such-queue");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(Dictionary<string, object> claims, string path = AnyPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ClaimTokens.Sign(_factory.Services, claims));
        return await _factory.CreateClient().SendAsync(request);
    }

    private static async Task AssertTokenInvalidAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("token_invalid", problem.RootElement.GetProperty("code").GetString());
    }
}
