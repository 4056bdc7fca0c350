using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Functions.Security;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Security;

/// <summary>Bearer tokens are checked and refusals say why, as problem documents with stable codes.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuthenticationTests : IDisposable
{
    // An admin-only endpoint of the platform; the queue belongs to the messaging core, which is always registered.
    private const string AdminPath = "/api/admin/poison/no-such-queue";
    private readonly TestAppFactory _factory;

    public AuthenticationTests(AzuriteFixture azurite) => _factory = new TestAppFactory(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Request_WithoutToken_Is401TokenMissing()
    {
        using var response = await _factory.CreateClient().GetAsync(AdminPath);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Request_WithExpiredToken_Is401TokenExpired()
    {
        using var response = await SendAsync(_factory.Tokens.Expired(CallerRole.Admin, "admin-1"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token_expired");
    }

    [Fact]
    public async Task Request_WithTokenSignedByAnotherKey_Is401TokenInvalid()
    {
        using var response = await SendAsync(_factory.Tokens.WrongSignature(CallerRole.Admin, "admin-1"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Fact]
    public async Task Request_WithTokenForAnotherAudience_Is401TokenInvalid()
    {
        using var response = await SendAsync(_factory.Tokens.WrongAudience(CallerRole.Admin, "admin-1"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Fact]
    public async Task Request_WithGarbageToken_Is401TokenInvalid()
    {
        using var response = await SendAsync("not.a.jwt");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Theory]
    [InlineData(CallerRole.Seller)]
    [InlineData(CallerRole.Buyer)]
    [InlineData(CallerRole.Marketplace)]
    [InlineData(CallerRole.Finance)]
    public async Task AdminEndpoint_WithOtherRole_Is403Forbidden(CallerRole role)
    {
        using var response = await SendAsync(_factory.Tokens.For(role, "party-1", "amazon"));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AdminEndpoint_WithAdminToken_PassesAuthorization()
    {
        using var response = await SendAsync(_factory.Tokens.For(CallerRole.Admin, "admin-1"));

        // Past authentication and authorization: the endpoint itself answers that the queue is unknown.
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "unknown_queue");
    }

    [Fact]
    public async Task UnknownRoute_WithValidToken_Is404Problem()
    {
        using var response = await _factory.CreateClientFor(CallerRole.Admin, "admin-1").GetAsync("/api/nothing-here");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AdminPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _factory.CreateClient().SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(code, problem!["code"]!.GetValue<string>());
        Assert.EndsWith("/" + code, problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
    }
}
