using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Marketplace.BadInput.Families;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Webhooks;
using Serverless.Testing;

namespace Marketplace.BadInput;

/// <summary>
/// Starts a private Azurite (on disk) and the app as a process (self-hosted, as scripts/run.sh runs it) with a unique
/// storage prefix, seeds one order conversation and one upload, counts everything in storage, sends the malformed
/// requests, counts again, and reports.
/// </summary>
public static class BadInputSuite
{
    private const string Marketplace = "amazon";
    private const string OrderId = "bad-order-1";
    private const string BuyerId = "b-1";
    private const string SellerId = "s-1";
    private const string SeedEventId = "evt-seed-order";

    // The families and their shares of the requests.
    private static readonly (string Family, double Share, Func<ProbeContext, Random, IEnumerable<Probe>> Generate)[] s_families =
    [
        (WebhookProbes.Family, 0.30, WebhookProbes.Generate),
        (ApiProbes.Family, 0.34, ApiProbes.Generate),
        (TokenProbes.Family, 0.14, TokenProbes.Generate),
        (PathProbes.Family, 0.12, PathProbes.Generate),
        (DurableProbes.Family, 0.10, DurableProbes.Generate),
    ];

    public static async Task<BadInputReport> RunAsync(BadInputOptions options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var secrets = new Dictionary<string, string>
        {
            ["amazon"] = "bad-input-webhook-secret-amazon-01",
            ["allegro"] = "bad-input-webhook-secret-allegro-1",
            ["generic"] = "bad-input-webhook-secret-generic-1",
            ["ebay"] = "bad-input-webhook-secret-ebay-0001",
            ["mercadolibre"] = "bad-input-webhook-secret-meli-0001",
        };
        var tokens = new TokenMint("bad-input-signing-key-0123456789-0123456789", "marketplace-messaging-bad-input", "marketplace-messaging-api");
        const string SystemKey = "bad-input-durable-system-key-0123456789abcdef";
        var prefix = AzuriteFixture.UniqueName("badin");

        progress.WriteLine("Starting a private Azurite (on disk) and the app...");
        await using var azurite = await AzuriteProcess.StartOnDiskAsync(cancellationToken);
        var connectionString = azurite.Endpoints.ConnectionString;
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Auth:SigningKey"] = tokens.SigningKey,
            ["Auth:Issuer"] = "marketplace-messaging-bad-input",
            ["Auth:Audience"] = "marketplace-messaging-api",
            ["DurableTask:SystemKey"] = SystemKey,
            // A forged queue message that got in is retried quickly and lands in its poison queue before the last census.
            ["Hosting:RetryDelay"] = "00:00:00.200",
            ["Hosting:MaxRetryDelay"] = "00:00:01",
            ["Logging:LogLevel:Default"] = options.AppLogLevel,
            ["Logging:LogLevel:Microsoft.AspNetCore"] = options.AppLogLevel,
        };
        foreach (var (marketplace, secret) in secrets)
        {
            settings[$"Messaging:WebhookSecrets:{marketplace}"] = secret;
        }

        using var app = await AppProcess.StartAsync(settings, cancellationToken);
        var context = await SeedAsync(app.BaseAddress, secrets, tokens, SystemKey, prefix, cancellationToken);

        progress.WriteLine("Seeded; waiting for storage to settle...");
        var before = await StorageCensus.SettledAsync(connectionString, TimeSpan.FromSeconds(60), cancellationToken);

        var probes = Generate(context, options);
        progress.WriteLine($"Sending {probes.Count} malformed requests, {options.Concurrency} at a time, a census of storage after each kind...");
        using var runner = new ProbeRunner(app.BaseAddress, options.Concurrency);
        var outcomes = new List<ProbeOutcome>(probes.Count);
        var writes = new List<string>();
        var elapsed = TimeSpan.Zero;
        var census = before;
        // One kind at a time, so that what a kind writes is told apart from what the next one does.
        foreach (var group in probes.GroupBy(p => (p.Family, p.Kind)))
        {
            var clock = Stopwatch.StartNew();
            outcomes.AddRange(await runner.RunAllAsync([.. group], options.Concurrency, cancellationToken));
            elapsed += clock.Elapsed;
            var now = await StorageCensus.TakeAsync(connectionString, cancellationToken);
            if (now.Differences(census).Count > 0)
            {
                // Let queued work finish, so its writes are charged to this kind and not the next.
                now = await StorageCensus.SettledAsync(connectionString, TimeSpan.FromSeconds(10), cancellationToken);
                writes.AddRange(now.Differences(census).Select(line => $"{group.Key.Family}/{group.Key.Kind}: {line}"));
                census = now;
            }
        }

        var rightAfter = await StorageCensus.TakeAsync(connectionString, cancellationToken);
        // Long enough for a forged queue message to be applied, or retried into its poison queue.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var settled = await StorageCensus.SettledAsync(connectionString, TimeSpan.FromSeconds(30), cancellationToken);
        return new BadInputReport(options, app.BaseAddress, outcomes, elapsed, before, writes, rightAfter.Differences(before), settled.Differences(before));
    }

    // Each family's share of the requests, in its own order (catalogue first, then seeded random variants), then the
    // families interleaved so the app sees them mixed.
    private static List<Probe> Generate(ProbeContext context, BadInputOptions options)
    {
        var quotas = s_families.Select(f => (int)Math.Round(options.Requests * f.Share)).ToArray();
        quotas[0] += options.Requests - quotas.Sum();
        var streams = s_families.Select((f, i) => f.Generate(context, new Random(options.Seed * 31 + i)).Take(quotas[i]).Select(WithServerLimits).ToList()).ToList();
        var mixed = new List<Probe>(options.Requests);
        for (var i = 0; mixed.Count < options.Requests; i++)
        {
            mixed.AddRange(streams.Where(s => i < s.Count).Select(s => s[i]));
        }

        return options.Only is null ? mixed : [.. mixed.Where(p => $"{p.Family}/{p.Kind}".Contains(options.Only, StringComparison.Ordinal))];
    }

    // Kestrel itself refuses what breaks its limits (request line over 8 KB, headers over 32 KB, bytes that are not
    // ASCII in headers, a NUL in the decoded path) with an empty 4xx, before the app sees it.
    private static Probe WithServerLimits(Probe probe)
    {
        var headerBytes = probe.Headers.Sum(h => h.Key.Length + h.Value.Length + 4);
        var nonAscii = probe.Headers.Any(h => h.Value.Any(c => c is < ' ' or > '~'));
        var nul = probe.PathAndQuery.Split('?')[0].Contains("%00", StringComparison.Ordinal);
        return probe.PathAndQuery.Length > 8000 || headerBytes > 30_000 || nonAscii || nul
            ? probe with { Expect = probe.Expect | ProbeExpectation.ServerMayReject }
            : probe;
    }

    // An order conversation (by a webhook, applied by the app's own queue function) and one upload by the buyer.
    private static async Task<ProbeContext> SeedAsync(
        Uri app, Dictionary<string, string> secrets, TokenMint tokens, string systemKey, string prefix, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = app };
        var seed = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            id = SeedEventId,
            type = "order.created",
            occurredAt = "2026-11-23T09:00:00Z",
            data = new
            {
                orderId = OrderId, buyerId = BuyerId, sellerId = SellerId, buyerLanguage = "en", placedAt = "2026-11-23T08:00:00Z",
                items = new[] { new { sku = "SKU-1", title = "Desk lamp", quantity = 1 } },
            },
        }));
        var webhook = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{Marketplace}") { Content = new ByteArrayContent(seed) };
        webhook.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        webhook.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(seed, secrets[Marketplace], DateTimeOffset.UtcNow));
        await SendExpectingAsync(http, webhook, HttpStatusCode.Accepted, "the seed webhook", cancellationToken);

        var conversationId = Identifiers.OrderConversationId(Marketplace, OrderId);
        var buyer = tokens.Valid("buyer", BuyerId, Marketplace);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var read = Authorized(HttpMethod.Get, $"/api/conversations/{conversationId}", buyer);
            using var response = await http.SendAsync(read, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The seeded conversation did not appear within 60 s (last answer {(int)response.StatusCode}).");
            }

            await Task.Delay(100, cancellationToken);
        }

        var upload = Authorized(HttpMethod.Post, $"/api/conversations/{conversationId}/attachments?fileName=photo.png", buyer);
        upload.Content = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
        using var attachment = JsonDocument.Parse(await SendExpectingAsync(http, upload, HttpStatusCode.Created, "the seed upload", cancellationToken));

        // Controls: genuine requests work, or every refusal below would prove nothing.
        await SendExpectingAsync(http, Authorized(HttpMethod.Get, "/api/inbox", buyer), HttpStatusCode.OK, "a buyer's inbox with a genuine token", cancellationToken);
        await SendExpectingAsync(http, new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances?code={Uri.EscapeDataString(systemKey)}"),
            HttpStatusCode.OK, "the durable instance list with the system key", cancellationToken);

        return new ProbeContext
        {
            WebhookSecrets = secrets,
            Marketplace = Marketplace,
            OrderId = OrderId,
            ConversationId = conversationId,
            BuyerId = BuyerId,
            SellerId = SellerId,
            AttachmentId = attachment.RootElement.GetProperty("id").GetString()!,
            SeedEventId = SeedEventId,
            SeedEventBody = seed,
            Tokens = tokens,
            SystemKey = systemKey,
            QueueFunctions = QueueFunctionNames(prefix),
        };
    }

    // The custom-handler routes: the app's two queue functions, and the routes each task-hub queue had before the workflows
    // moved to the DurableTask engine (which polls its own queues). Self-hosted, none may be reachable.
    private static List<string> QueueFunctionNames(string prefix)
    {
        var hub = (prefix + "MarketplaceHub").ToLowerInvariant();
        var hubName = char.ToUpperInvariant(hub[0]) + hub[1..];
        return ["ApplyMarketplaceEvent", "CheckConversation", .. Enumerable.Range(0, 4).Select(i => $"Durable{hubName}Control{i:00}"), $"Durable{hubName}Workitems"];
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<string> SendExpectingAsync(HttpClient http, HttpRequestMessage request, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode == expected
                ? body
                : throw new InvalidOperationException($"Setting up failed: {what} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        }
    }
}
