using System.Net;
using System.Net.Http.Headers;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Testing;

namespace Marketplace.Functions.Tests;

/// <summary>
/// The app in memory (WebApplicationFactory), pointed at the shared Azurite with its own
/// <c>Storage:NamePrefix</c>, so every table, queue and container it creates is unique to this factory.
/// Self-hosted queue polling is on, with short intervals and no retry delay, so queue tests are fast.
/// Configure with <see cref="WithSetting"/> and <see cref="WithServices"/> before the first request.
/// Requests arrive from loopback unless they carry the <see cref="RemoteAddressHeader"/> header.
/// </summary>
public class TestAppFactory : WebApplicationFactory<Program>
{
    /// <summary>A request header that sets the caller's IP address (to test loopback-only routes).</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    public TestAppFactory(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        NamePrefix = AzuriteFixture.UniqueName("t");
        _settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:AccountName"] = "",
            ["Storage:NamePrefix"] = NamePrefix,
            ["Hosting:PollInterval"] = "00:00:00.050",
            ["Hosting:RetryDelay"] = "00:00:00",
            ["Hosting:VisibilityTimeout"] = "00:00:30",
            // As in production, whatever appsettings.Development.json says: a test that delivers webhooks to a local listener opts in.
            ["Deadlines:AllowLoopbackWebhooks"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Starting and stopping the durable engine costs seconds per app; tests that run orchestrations turn it on.
            ["DurableTask:WorkerEnabled"] = "false",
        };
    }

    /// <summary>The prefix on every storage name this app instance uses.</summary>
    public string NamePrefix { get; private set; }

    /// <summary>Storage naming as the app applies it (prefix included).</summary>
    public StorageOptions StorageNaming => new() { NamePrefix = NamePrefix };

    /// <summary>Tokens signed with this app's settings.</summary>
    public TestTokens Tokens => new(Services.GetRequiredService<IOptions<AuthOptions>>().Value);

    /// <summary>A queue name unique to this factory ("{prefix}-{name}").</summary>
    public string QueueName(string name) => StorageNaming.QueueOrContainerName(name);

    /// <summary>Overrides one setting ("Section:Key"); call before the first request.</summary>
    public TestAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        if (key == "Storage:NamePrefix")
        {
            NamePrefix = value ?? "";
        }

        return this;
    }

    /// <summary>Drops one of this factory's own settings, so the value in the app's appsettings*.json applies.</summary>
    public TestAppFactory WithoutSetting(string key)
    {
        _settings.Remove(key);
        return this;
    }

    /// <summary>Adds or replaces services (after the app's own registrations); call before the first request.</summary>
    public TestAppFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>A client whose requests carry a valid token for the caller.</summary>
    public HttpClient CreateClientFor(CallerRole role, string partyId, string? marketplace = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(role, partyId, marketplace));
        return client;
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
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, RemoteAddressStartupFilter>();
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    /// <summary>The test server leaves the remote address empty; give it loopback, or the address a test asks for.</summary>
    private sealed class RemoteAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress =
                    IPAddress.TryParse(context.Request.Headers[RemoteAddressHeader], out var address) ? address : IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
