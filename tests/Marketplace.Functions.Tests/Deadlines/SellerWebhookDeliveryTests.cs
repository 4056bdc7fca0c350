using System.Net;
using System.Text;
using Marketplace.Functions.Outbound;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Deadlines;

/// <summary>
/// The HTTP client that delivers reminder and breach webhooks checks where it connects, when it connects: a host name
/// that resolves to this machine is refused there even though the URL passed when it was saved (DNS rebinding, or a
/// URL saved before the save-time check existed), and redirects are not followed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SellerWebhookDeliveryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestAppFactory _app = new(azurite);
    private SellerWebhookListener _listener = null!;

    public async Task InitializeAsync() => _listener = await SellerWebhookListener.StartAsync("seller-s1-reminder-secret-0001");

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task Deliver_HostNameResolvingToLoopback_IsRefusedAtConnect()
    {
        using var http = WebhookClient();

        // https, the only scheme allowed with the setting off: the refusal comes from the connection, not from the URL rules.
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, $"https://localhost:{_listener.Port}/hooks/reminders"));

        Assert.Contains("not a public address (it is a loopback address", error.Message, StringComparison.Ordinal);
        Assert.Empty(_listener.Received);
    }

    [Fact]
    public async Task Connect_HostNameResolvingToLoopbackWithTheSettingOff_NeverReachesTheListener()
    {
        // The app's connector alone, under a handler without the URL rules in front of it: plain http goes as far as connecting.
        using var handler = new SocketsHttpHandler { ConnectCallback = _app.Services.GetRequiredService<VettedConnector>().ConnectAsync, UseProxy = false };
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, $"http://localhost:{_listener.Port}/hooks/reminders"));

        Assert.IsType<WebhookDestinationRefusedException>(error.InnerException);
        Assert.Empty(_listener.Received);
    }

    [Fact]
    public async Task Deliver_PlainHttpWithTheSettingOff_IsRefusedBeforeConnecting()
    {
        using var http = WebhookClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, $"http://localhost:{_listener.Port}/hooks/reminders"));

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
        Assert.Empty(_listener.Received);
    }

    [Fact]
    public async Task Deliver_LoopbackAllowedForLocalDevelopment_Arrives()
    {
        _app.WithSetting("Deadlines:AllowLoopbackWebhooks", "true");
        using var http = WebhookClient();

        using var response = await PostAsync(http, $"http://localhost:{_listener.Port}/hooks/reminders");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_listener.Received);
    }

    [Fact]
    public async Task Deliver_EndpointAnswersWithARedirect_IsNotFollowed()
    {
        _app.WithSetting("Deadlines:AllowLoopbackWebhooks", "true");
        using var http = WebhookClient();

        using var response = await PostAsync(http, $"http://127.0.0.1:{_listener.Port}/hooks/moved");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Empty(_listener.Received);
    }

    /// <summary>The client the app gives the activity that sends sellers their webhooks.</summary>
    private HttpClient WebhookClient() => _app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(NotifySellerActivity));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string url) =>
        http.PostAsync(new Uri(url), new StringContent("{}", Encoding.UTF8, "application/json"));
}
