using System.Net;
using System.Net.Http.Headers;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>
/// A marketplace has one name everywhere: lowercase letters, digits and '-'. Configuration keys ignore case, so a
/// configured name is taken in lowercase; a route or a token that spells it otherwise is refused, so one event can
/// never become two conversations ("amazon~o~1" and "AMAZON~o~1").
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MarketplaceNameTests(AzuriteFixture azurite)
{
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    [Theory]
    [InlineData("AMAZON")]
    [InlineData("Amazon")]
    public async Task Webhook_MarketplaceNotInItsLowercaseName_Is404NamingTheName(string spelled)
    {
        await using var app = new MessagingApp(azurite);

        var response = await app.PostWebhookAsync(spelled, MessagingApp.OrderCreated("e-case", "o-case", "b-1", "s-1"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("unknown_marketplace", problem.GetProperty("code").GetString());
        Assert.Contains("/api/webhooks/amazon", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_SameEventToAmazonAndAMAZON_MakesOneConversation()
    {
        await using var app = new MessagingApp(azurite);
        var body = MessagingApp.OrderCreated("e-twice", "o-twice", "b-1", "s-1");

        var first = await app.PostWebhookAsync("amazon", body);
        var second = await app.PostWebhookAsync("AMAZON", body);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        using var seller = app.ClientFor(s_seller);
        await MessagingApp.EventuallyAsync(async () =>
            (await seller.GetAsync("/api/conversations/amazon~o~o-twice")).StatusCode == HttpStatusCode.OK, "the conversation");
        using var admin = app.ClientFor(new Caller(CallerRole.Admin, "admin-1", null));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/conversations/AMAZON~o~o-twice")).StatusCode);
    }

    [Fact]
    public async Task Configuration_NameInAnyCase_IsTakenInLowercase()
    {
        const string Secret = "test-webhook-secret-etsy-0000001";
        await using var app = new MessagingApp(azurite);
        app.WithSetting("Messaging:Profiles:Etsy:MaxTextLength", "500").WithSetting("Messaging:WebhookSecrets:ETSY", Secret)
            .WithSetting("ContentPolicy:Profiles:eTSY:RedactionMask", "[x]");

        var accepted = await app.PostWebhookAsync("etsy", MessagingApp.OrderCreated("e-etsy", "o-etsy", "b-1", "s-1"), secret: Secret);
        var refused = await app.PostWebhookAsync("Etsy", MessagingApp.OrderCreated("e-etsy", "o-etsy", "b-1", "s-1"), secret: Secret);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("etsy", app.Services.GetRequiredService<MarketplaceProfiles>().Names);
        Assert.DoesNotContain("Etsy", app.Services.GetRequiredService<MarketplaceProfiles>().Names);
    }

    [Theory]
    [InlineData("Messaging:WebhookSecrets:amazon_eu", "test-webhook-secret-0000000001", "Messaging:WebhookSecrets:amazon_eu")]
    [InlineData("Messaging:Profiles:amazon.eu:MaxTextLength", "500", "Messaging:Profiles:amazon.eu")]
    [InlineData("ContentPolicy:Profiles:my shop:RedactionMask", "x", "ContentPolicy:Profiles:my shop")]
    public async Task Start_MarketplaceNameOutsideTheCharset_FailsNamingTheSetting(string key, string value, string expected)
    {
        var (exitCode, output) = await Hosting.AppRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true", // never reached: settings are checked first
            [key.Replace(":", "__", StringComparison.Ordinal)] = value,
        });

        Assert.Equal(1, exitCode);
        var message = Assert.Single(output);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains("lowercase letters", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AMAZON")]
    [InlineData("Amazon")]
    [InlineData("amazon ")]
    [InlineData("")]
    [InlineData("ama~zon")]
    public async Task Token_MarketplaceClaimNotCanonical_Is401TokenInvalid(string marketplace)
    {
        await using var app = new MessagingApp(azurite);
        using var client = app.CreateClient();
        var token = ClaimTokens.Sign(app.Services, new() { ["role"] = "seller", ["sub"] = "s-1", ["marketplace"] = marketplace });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/inbox");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("token_invalid", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("AMAZON")]
    [InlineData("amazon~x")]
    public async Task AdminInbox_MarketplaceNotCanonical_Is400(string marketplace)
    {
        await using var app = new MessagingApp(azurite);
        using var admin = app.ClientFor(new Caller(CallerRole.Admin, "admin-1", null));

        var response = await admin.GetAsync($"/api/inbox?role=seller&partyId=s-1&marketplace={Uri.EscapeDataString(marketplace)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(response)).GetProperty("errors").TryGetProperty("marketplace", out _));
    }
}
