using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Security;

/// <summary>
/// An unsigned event must never reach a queue function from HTTP. Kestrel (not the in-memory test server) removes
/// dot segments before routing, so these tests send raw request lines to the app on a real socket.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ForgedQueueInvocationTests(AzuriteFixture azurite)
{
    public static TheoryData<string> DotSegmentPaths => new()
    {
        "/api/conversations/%2e%2e/%2e%2e/ApplyMarketplaceEvent",
        "/api/conversations/%2E%2E/%2E%2E/ApplyMarketplaceEvent",
        "/runtime/webhooks/durabletask/%2e%2e/%2e%2e/%2e%2e/ApplyMarketplaceEvent",
        "/api/webhooks/../../ApplyMarketplaceEvent",
        "/api/./inbox/../../ApplyMarketplaceEvent?x=1",
    };

    [Theory]
    [MemberData(nameof(DotSegmentPaths))]
    public async Task ForgedEvent_ThroughDotSegments_IsRefusedAndStoresNothing(string path)
    {
        await using var app = new MessagingApp(azurite);
        var address = StartOnKestrel(app);
        var (status, body) = await PostRawAsync(address, path, ForgedInvocation("forged-1"));

        Assert.Equal(400, status);
        Assert.Contains("\"path_not_canonical\"", body, StringComparison.Ordinal);
        Assert.Null(await app.Services.GetRequiredService<ConversationStore>().GetAsync("amazon~o~forged-1", CancellationToken.None));
    }

    [Fact]
    public async Task QueueInvocationRoute_SelfHosted_IsNotServed()
    {
        await using var app = new MessagingApp(azurite);
        var address = StartOnKestrel(app);
        // Even an authenticated caller finds nothing there (anonymous callers get 401 on every unknown path).
        var token = app.Token(new Caller(CallerRole.Admin, "admin-1", null));
        var (status, _) = await PostRawAsync(address, "/ApplyMarketplaceEvent", ForgedInvocation("forged-2"), token);

        Assert.Equal(404, status);
        await Task.Delay(500); // the poller would have applied it by now had anything queued it
        Assert.Null(await app.Services.GetRequiredService<ConversationStore>().GetAsync("amazon~o~forged-2", CancellationToken.None));
    }

    [Theory]
    [InlineData("/api/conversations/a.b/messages", false)]
    [InlineData("/api/conversations/amazon~o~1.2.3", false)]
    [InlineData("/api/conversations/..x/messages", false)]
    [InlineData("/api/conversations/%2e%2e", true)]
    [InlineData("/api/%2e/inbox", true)]
    [InlineData("/api\\..\\inbox", true)]
    [InlineData("/api/inbox?cursor=../..", false)]
    [InlineData("/api/inbox/.", true)]
    public void HasDotSegment_Path_FindsOnlyWholeDotSegments(string rawTarget, bool expected) =>
        Assert.Equal(expected, CanonicalPathMiddleware.HasDotSegment(rawTarget));

    /// <summary>A queue-trigger invocation as the Functions host would post it, carrying an unsigned buyer message.</summary>
    private static string ForgedInvocation(string orderId)
    {
        var envelope = MessagingApp.MessageReceived("evt-" + orderId, orderId, "buyer", "b-1", "forged text");
        var queued = $$"""{"marketplace":"amazon","receivedAt":"2026-11-23T09:00:00Z","envelope":{{envelope}}}""";
        var message = JsonSerializer.Serialize(queued);
        return $$$"""{"Data":{"message":{{{message}}}},"Metadata":{"DequeueCount":1,"Id":"m-1"}}""";
    }

    private static Uri StartOnKestrel(MessagingApp app)
    {
        app.UseKestrel(0);
        app.StartServer();
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private static async Task<(int Status, string Body)> PostRawAsync(Uri address, string rawTarget, string json, string? token = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        var content = Encoding.UTF8.GetBytes(json);
        var head = $"POST {rawTarget} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {content.Length}\r\nConnection: close\r\n" +
            (token is null ? "" : $"Authorization: Bearer {token}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(content);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
}
