using System.Net;
using System.Net.Http.Json;
using Marketplace.Functions.Outbound;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Functions.Tests.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Deadlines;

/// <summary>
/// PUT /api/seller/settings keeps reminder webhooks away from this machine and its network: only https URLs whose host
/// resolves to public addresses are saved (server-side request forgery otherwise).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SellerWebhookUrlTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Secret = "seller-s1-reminder-secret-0001";
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithServices(services => services.AddSingleton<IHostResolver>(TableHostResolver.Sellers));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/reminders")] // the storage emulator
    [InlineData("http://localhost:7071/api/admin/poison/x/requeue-all")] // the app itself
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://2130706433/hooks")] // 127.0.0.1 in decimal
    [InlineData("https://0177.0.0.1/hooks")] // octal
    [InlineData("https://0x7f000001/hooks")] // hexadecimal
    [InlineData("https://127.1/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[::ffff:127.0.0.1]/hooks")]
    [InlineData("https://[::ffff:a9fe:a9fe]/latest")] // 169.254.169.254, IPv4-mapped
    [InlineData("https://169.254.169.254/metadata/identity/oauth2/token")]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://172.16.0.1/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://100.64.0.1/hooks")]
    [InlineData("https://0.0.0.0/hooks")]
    [InlineData("https://[::]/hooks")]
    [InlineData("https://[fd00::1]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://[64:ff9b::7f00:1]/hooks")] // NAT64 form of 127.0.0.1
    [InlineData("https://224.0.0.1/hooks")]
    [InlineData("https://255.255.255.255/hooks")]
    [InlineData("https://internal.seller.example/hooks")] // a name that resolves to 10.0.0.7
    [InlineData("https://mixed.seller.example/hooks")] // one public address, one private
    [InlineData("https://metadata.seller.example/hooks")] // a name for 169.254.169.254
    [InlineData("https://nowhere.seller.example/hooks")] // does not resolve
    [InlineData("http://hooks.seller.example/hooks")] // public, but plain http
    [InlineData("https://user:password@hooks.seller.example/hooks")]
    [InlineData("https://hooks.seller.example:25/hooks")]
    public async Task PutSettings_UrlReachingThisMachineOrItsNetwork_Is400WebhookUrlNotAllowed(string url)
    {
        using var seller = _app.ClientFor(s_seller);

        using var response = await seller.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = url, reminderWebhookSecret = Secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("webhook_url_not_allowed", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        var saved = await seller.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/seller/settings");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, saved.GetProperty("reminderWebhookUrl").ValueKind);
    }

    [Fact]
    public async Task PutSettings_VeryLongUrl_Is400WebhookUrlNotAllowed()
    {
        using var seller = _app.ClientFor(s_seller);
        var url = "https://hooks.seller.example/" + new string('x', 3000);

        using var response = await seller.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = url, reminderWebhookSecret = Secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("webhook_url_not_allowed", problem.GetProperty("code").GetString());
        Assert.Contains("longer than 2048 characters", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.seller.example/reminders")]
    [InlineData("https://hooks.seller.example:8443/reminders?tenant=7")]
    public async Task PutSettings_HttpsUrlOfAPublicHost_IsSaved(string url)
    {
        using var seller = _app.ClientFor(s_seller);

        using var response = await seller.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = url, reminderWebhookSecret = Secret });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await seller.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/seller/settings");
        Assert.Equal(url, saved.GetProperty("reminderWebhookUrl").GetString());
    }

    [Fact]
    public async Task PutSettings_NotAUrl_Is400ValidationFailed()
    {
        using var seller = _app.ClientFor(s_seller);

        using var response = await seller.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = "hooks.seller.example", reminderWebhookSecret = Secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("reminderWebhookUrl", out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks", HttpStatusCode.OK)]
    [InlineData("http://localhost:5000/hooks", HttpStatusCode.OK)]
    [InlineData("https://10.1.2.3/hooks", HttpStatusCode.BadRequest)]
    [InlineData("http://hooks.seller.example/hooks", HttpStatusCode.BadRequest)]
    public async Task PutSettings_LoopbackAllowedForLocalDevelopment_AcceptsLoopbackOnly(string url, HttpStatusCode expected)
    {
        _app.WithSetting("Deadlines:AllowLoopbackWebhooks", "true");
        using var seller = _app.ClientFor(s_seller);

        using var response = await seller.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = url, reminderWebhookSecret = Secret });

        Assert.Equal(expected, response.StatusCode);
    }
}
