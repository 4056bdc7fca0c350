using System.Net.Http.Headers;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Console.Tests;

/// <summary>
/// The app self-hosted on a real loopback port (the browser needs one), on the shared Azurite under its own storage names,
/// as Marketplace.Functions.Tests' TestAppFactory sets it up. <see cref="Start"/> before use.
/// </summary>
public sealed class ConsoleApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ConsoleApp(AzuriteFixture azurite, bool durable = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        _settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:AccountName"] = "",
            ["Storage:NamePrefix"] = AzuriteFixture.UniqueName("c"),
            ["Hosting:PollInterval"] = "00:00:00.050",
            ["Hosting:RetryDelay"] = "00:00:00",
            ["Messaging:WebhookSecrets:amazon"] = "test-webhook-secret-amazon-000001",
            ["Logging:LogLevel:Default"] = "Warning",
            // As in production, whatever appsettings.Development.json says.
            ["Deadlines:AllowLoopbackWebhooks"] = "false",
            // Reply deadlines are recorded by their workflow: tests that show them run the engine.
            ["DurableTask:WorkerEnabled"] = durable ? "true" : "false",
            ["DurableTask:MaxQueuePollingInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the app on a free port and returns its address.</summary>
    public Uri Start()
    {
        UseKestrel(0);
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return BaseAddress;
    }

    /// <summary>A token the app accepts, as scripts/token.sh prints one.</summary>
    public string Token(Caller caller) => Services.GetRequiredService<TokenIssuer>().Issue(caller);

    /// <summary>An API client for <paramref name="caller"/>, over the real port.</summary>
    public HttpClient Api(Caller caller)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(caller));
        return client;
    }

    /// <summary>An order conversation, created in storage as the order.created webhook would.</summary>
    public async Task<string> SeedOrderAsync(string orderId, string buyerId, string sellerId, decimal? total = null)
    {
        var conversation = new Conversation(
            Identifiers.OrderConversationId("amazon", orderId), "amazon", ConversationKind.Order, orderId, null, buyerId, sellerId,
            "en", OrderStatus.Placed, DateTimeOffset.UtcNow, null, [new OrderItem("SKU-1", "Desk lamp", 1)], ConversationSummary.Empty)
        {
            Total = total is { } amount ? new OrderTotal(amount, "EUR") : null,
        };
        await Services.GetRequiredService<ConversationStore>().TryCreateAsync(conversation, CancellationToken.None);
        await Services.GetRequiredService<InboxProjector>().ProjectAsync(conversation, CancellationToken.None);
        return conversation.Id;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
    }
}
