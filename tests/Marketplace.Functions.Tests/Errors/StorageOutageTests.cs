using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Errors;

/// <summary>
/// Storage going away under a running app: requests are answered 503 with Retry-After within a few seconds (not 500
/// after the SDK's default retries), and what a refused webhook carried is accepted once storage is back.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-out", "amazon");

    private readonly StorageOutageProxy _storage = new(AzuriteEndpoints.Parse(azurite.ConnectionString));
    private MessagingApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = (MessagingApp)new MessagingApp(azurite).WithSetting("Storage:ConnectionString", _storage.Endpoints.ConnectionString);
        await _app.SeedOrderAsync("out-1", "b-out", "s-out");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task Requests_WhileStorageIsDown_Answer503WithRetryAfterQuickly()
    {
        using var buyer = _app.ClientFor(s_buyer);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/api/inbox")).StatusCode);

        _storage.StartOutage();
        var clock = Stopwatch.StartNew();
        var inbox = await buyer.GetAsync("/api/inbox");
        var send = await buyer.PostAsJsonAsync("/api/conversations/amazon~o~out-1/messages", new { text = "Where is it?" });
        var elapsed = clock.Elapsed;

        foreach (var response in new[] { inbox, send })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            var problem = await MessagingApp.JsonAsync(response);
            Assert.Equal("storage_unavailable", problem.GetProperty("code").GetString());
            Assert.DoesNotContain("Exception", problem.ToString(), StringComparison.Ordinal);
        }

        // Two requests, each a few storage calls with 2 quick retries against a refused connection: seconds, not the
        // 20 s and more that the SDK's default retries took. The bound is loose on purpose (shared, busy machine).
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"The two requests took {elapsed}.");

        _storage.EndOutage();
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/api/inbox")).StatusCode);
    }

    [Fact]
    public async Task Webhook_RefusedWhileStorageIsDown_IsAcceptedOnceWhenRedeliveredAfter()
    {
        var body = MessagingApp.OrderCreated("evt-out-2", "out-2", "b-out", "s-out");
        _storage.StartOutage();

        var refused = await _app.PostWebhookAsync("amazon", body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        _storage.EndOutage();
        var accepted = await _app.PostWebhookAsync("amazon", body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("accepted", (await MessagingApp.JsonAsync(accepted)).GetProperty("status").GetString());
        var again = await _app.PostWebhookAsync("amazon", body);
        Assert.Equal("duplicate", (await MessagingApp.JsonAsync(again)).GetProperty("status").GetString());

        using var buyer = _app.ClientFor(s_buyer);
        await MessagingApp.EventuallyAsync(
            async () => (await buyer.GetAsync("/api/conversations/amazon~o~out-2")).StatusCode == HttpStatusCode.OK,
            "the redelivered order to be applied");
    }
}
