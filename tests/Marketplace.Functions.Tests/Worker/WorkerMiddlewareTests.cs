using System.Text.Json.Nodes;
using Marketplace.Domain.Conversations;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Security;
using Marketplace.Functions.Worker;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Worker;

/// <summary>
/// The isolated worker's middleware, which no test can run under a Functions host here: driven with the invocation the
/// worker would hand it (function name, ASP.NET Core request) and the app's own services.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkerMiddlewareTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TestAppFactory _factory = new(azurite);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("ListPoisonMessages")] // [Authorize(Policy = admin)]
    [InlineData("GetConversation")] // [Authorize]: the fallback policy
    public async Task Authorization_WithoutToken_Is401TokenMissing_AndTheFunctionDoesNotRun(string function)
    {
        var (ran, http) = await AuthorizeAsync(function, token: null);

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.Equal("token_missing", (await ProblemAsync(http))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authorization_ExpiredToken_Is401TokenExpired()
    {
        var (ran, http) = await AuthorizeAsync("GetConversation", _factory.Tokens.Expired(CallerRole.Buyer, "b-1", "amazon"));

        Assert.False(ran);
        Assert.Equal("token_expired", (await ProblemAsync(http))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authorization_AdminFunction_WithSellerToken_Is403()
    {
        var (ran, http) = await AuthorizeAsync("ListPoisonMessages", _factory.Tokens.For(CallerRole.Seller, "s-1", "amazon"));

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        Assert.Equal("forbidden", (await ProblemAsync(http))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authorization_AdminFunction_WithAdminToken_RunsWithTheCaller()
    {
        var (ran, http) = await AuthorizeAsync("ListPoisonMessages", _factory.Tokens.For(CallerRole.Admin, "admin-1"));

        Assert.True(ran);
        Assert.Equal("admin-1", Caller.FromPrincipal(http.User)?.PartyId);
    }

    [Fact]
    public async Task Authorization_AnonymousWebhookFunction_RunsWithoutToken()
    {
        var (ran, _) = await AuthorizeAsync("ReceiveWebhook", token: null);

        Assert.True(ran);
    }

    [Fact]
    public async Task Authorization_QueueInvocation_IsNotAnHttpMatter()
    {
        var middleware = AuthorizationMiddleware();
        var ran = false;

        await middleware.Invoke(new FakeFunctionContext("ApplyMarketplaceEvent", null, _factory.Services), _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
    }

    [Fact]
    public async Task Problems_RefusalFromAFunction_IsItsProblemDocument()
    {
        var http = NewRequest();
        var middleware = new FunctionProblemMiddleware(_factory.Services.GetRequiredService<ExceptionProblemHandler>());

        await middleware.Invoke(new FakeFunctionContext("GetConversation", http, _factory.Services),
            _ => throw new MessagingException(MessagingError.NotFound, "conversation_not_found", "No conversation 'c-1'."));

        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        var problem = await ProblemAsync(http);
        Assert.Equal("conversation_not_found", problem["code"]!.GetValue<string>());
        Assert.Equal("No conversation 'c-1'.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Problems_UnexpectedException_Is500WithoutItsText()
    {
        var http = NewRequest();
        var middleware = new FunctionProblemMiddleware(_factory.Services.GetRequiredService<ExceptionProblemHandler>());

        await middleware.Invoke(new FakeFunctionContext("GetConversation", http, _factory.Services),
            _ => throw new InvalidOperationException("connection string with AccountKey=secret"));

        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
        var body = (await ProblemAsync(http)).ToJsonString();
        Assert.Contains("internal_error", body, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_QueueFunctionFailure_IsRethrownForTheHostToRetry()
    {
        var middleware = new FunctionProblemMiddleware(_factory.Services.GetRequiredService<ExceptionProblemHandler>());

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.Invoke(
            new FakeFunctionContext("ApplyMarketplaceEvent", null, _factory.Services), _ => throw new InvalidOperationException("retry me")));
    }

    private FunctionAuthorizationMiddleware AuthorizationMiddleware() => new(
        _factory.Services.GetRequiredService<FunctionRegistry>(),
        _factory.Services.GetRequiredService<IAuthorizationPolicyProvider>(),
        _factory.Services.GetRequiredService<IPolicyEvaluator>());

    [Fact]
    public async Task QueryParameters_OneTheFunctionDoesNotDeclare_Is400NamingItAndTheAccepted_AndTheFunctionDoesNotRun()
    {
        var http = NewRequest();
        http.Request.QueryString = new QueryString("?orderId=o-1&limit=5");
        var ran = false;

        await new FunctionQueryParameterMiddleware(_factory.Services.GetRequiredService<FunctionRegistry>())
            .Invoke(new FakeFunctionContext("ListInbox", http, _factory.Services), _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        var problem = await ProblemAsync(http);
        Assert.Equal("unknown_query_parameter", problem["code"]!.GetValue<string>());
        Assert.Equal(["orderId"], problem["parameters"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("limit", problem["accepted"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task QueryParameters_DeclaredOnes_RunTheFunction()
    {
        var http = NewRequest();
        http.Request.QueryString = new QueryString("?filter=unread&limit=5");
        var ran = false;

        await new FunctionQueryParameterMiddleware(_factory.Services.GetRequiredService<FunctionRegistry>())
            .Invoke(new FakeFunctionContext("ListInbox", http, _factory.Services), _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
    }

    private async Task<(bool Ran, HttpContext Http)> AuthorizeAsync(string function, string? token)
    {
        var http = NewRequest();
        if (token is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + token;
        }

        var ran = false;
        await AuthorizationMiddleware().Invoke(new FakeFunctionContext(function, http, _factory.Services), _ => { ran = true; return Task.CompletedTask; });
        return (ran, http);
    }

    private DefaultHttpContext NewRequest()
    {
        var scope = _factory.Services.CreateScope();
        return new DefaultHttpContext { RequestServices = scope.ServiceProvider, Response = { Body = new MemoryStream() } };
    }

    private static async Task<JsonObject> ProblemAsync(HttpContext http)
    {
        http.Response.Body.Position = 0;
        return (await JsonNode.ParseAsync(http.Response.Body))!.AsObject();
    }
}
