using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Marketplace.Domain.Webhooks;
using Marketplace.DurableHosting;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serverless.Testing;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// The app in its own process (self-hosted, as scripts/run.sh runs it) and what the benchmarks do through it: seller
/// settings, orders and buyer messages as signed marketplace webhooks, the sellers' view of their deadlines. It can be
/// killed (SIGKILL) and started again with the same settings, as a crash and a restart would.
/// </summary>
internal sealed class MarketplaceApp : IDisposable
{
    public const string Prefix = "bench";
    private const string Marketplace = "generic";
    private readonly string _webhookSecret;
    private readonly Dictionary<string, string> _settings;
    private readonly IReadOnlyDictionary<string, string> _sellerTokens;
    private readonly TokenIssuer _tokens;
    private AppProcess _process;
    private HttpClient _http;
    private bool _running = true;

    private MarketplaceApp(
        Dictionary<string, string> settings, IReadOnlyDictionary<string, string> sellerTokens, TokenIssuer tokens, string webhookSecret, AppProcess process)
    {
        _tokens = tokens;
        _settings = settings;
        _webhookSecret = webhookSecret;
        _sellerTokens = sellerTokens;
        _process = process;
        _http = Client(process);
    }

    public string ConnectionString => _settings["Storage:ConnectionString"];

    public IReadOnlyList<string> SellerIds => [.. _sellerTokens.Keys];

    /// <summary>
    /// Starts the app against <paramref name="connectionString"/> with a reply deadline of <paramref name="replyWithin"/>,
    /// one reminder <paramref name="remindBefore"/> it, and <paramref name="overrides"/> ("Section:Key" = value) on top.
    /// </summary>
    public static async Task<MarketplaceApp> StartAsync(
        string connectionString, int sellers, TimeSpan replyWithin, TimeSpan remindBefore, IReadOnlyDictionary<string, string> overrides)
    {
        var auth = new AuthOptions { SigningKey = "bench-signing-key-" + Guid.NewGuid().ToString("N"), Issuer = "bench", Audience = "bench" };
        var tokens = new TokenIssuer(Options.Create(auth), TimeProvider.System);
        var sellerTokens = Enumerable.Range(0, sellers).Select(i => $"s-{i}")
            .ToDictionary(s => s, s => tokens.Issue(new Caller(CallerRole.Seller, s, Marketplace), TimeSpan.FromHours(12)));
        var webhookSecret = "bench-webhook-secret-" + Guid.NewGuid().ToString("N");
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:NamePrefix"] = Prefix,
            ["Auth:SigningKey"] = auth.SigningKey,
            ["Auth:Issuer"] = auth.Issuer,
            ["Auth:Audience"] = auth.Audience,
            [$"Messaging:WebhookSecrets:{Marketplace}"] = webhookSecret,
            [$"Messaging:Profiles:{Marketplace}:ReplyDeadline:ReplyWithin"] = replyWithin.ToString("c", CultureInfo.InvariantCulture),
            [$"Messaging:Profiles:{Marketplace}:ReplyDeadline:ReminderOffsets:0"] = remindBefore.ToString("c", CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Deadlines:AllowLoopbackWebhooks"] = "true", // the sellers' endpoint listens on 127.0.0.1, over http
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new MarketplaceApp(settings, sellerTokens, tokens, webhookSecret, await AppProcess.StartAsync(settings));
    }

    /// <summary>
    /// The engine settings the app runs with: the product's defaults (<see cref="DurableHostingOptions"/>) and any
    /// "DurableTask:…" override given to this run.
    /// </summary>
    public string EngineSettings()
    {
        var options = new DurableHostingOptions();
        new ConfigurationBuilder().AddInMemoryCollection(_settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build().GetSection(DurableHostingOptions.Section).Bind(options);
        var overridden = _settings.Keys.Where(k => k.StartsWith(DurableHostingOptions.Section + ":", StringComparison.Ordinal)).ToList();
        var source = overridden.Count == 0 ? "the product's defaults" : "overridden here: " + string.Join(", ", overridden.Select(k => $"{k}={_settings[k]}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"DurableTask.AzureStorage, {options.PartitionCount} partitions, queue polling at most every {options.MaxQueuePollingInterval.TotalSeconds:0.###} s, " +
            $"message visibility timeout {options.MessageVisibilityTimeout.TotalSeconds:0} s, extended sessions {(options.ExtendedSessionsEnabled ? "on" : "off")} ({source})");
    }

    /// <summary>The task hub the app's orchestrations live in (the storage prefix and the hub's default name).</summary>
    public static string TaskHubName => Prefix + new DurableHostingOptions().TaskHubName;

    /// <summary>The process's resident memory now and its peak so far, in MiB.</summary>
    public (double WorkingSetMb, double PeakWorkingSetMb) Memory() => _process.Memory();

    /// <summary>SIGKILL: no graceful shutdown; leases, in-flight messages and half-done work stay as they are.</summary>
    public void Kill()
    {
        _running = false;
        _http.Dispose();
        _process.Dispose();
    }

    /// <summary>Starts the app again with the same settings (after <see cref="Kill"/>) and waits until it listens.</summary>
    public async Task RestartAsync()
    {
        _process = await AppProcess.StartAsync(_settings);
        _http = Client(_process);
        _running = true;
    }

    public void Dispose()
    {
        if (_running)
        {
            Kill();
        }
    }

    /// <summary>Points every seller's reminder webhook at <paramref name="endpoint"/>.</summary>
    public async Task ConfigureSellersAsync(SellerEndpoint endpoint)
    {
        foreach (var (seller, token) in _sellerTokens)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/seller/settings")
            {
                Content = JsonContent.Create(new SellerSettingsRequest(endpoint.UrlFor(seller).AbsoluteUri, endpoint.SecretFor(seller))),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            Expect(response, HttpStatusCode.OK, "setting a seller's reminder webhook");
        }
    }

    /// <summary>A token for seller <paramref name="sellerId"/>.</summary>
    public string SellerToken(string sellerId) => _sellerTokens[sellerId];

    /// <summary>A token for the marketplace's own backend (role marketplace).</summary>
    public string MarketplaceToken() => _tokens.Issue(new Caller(CallerRole.Marketplace, Marketplace, Marketplace), TimeSpan.FromHours(12));

    /// <summary>A token for the buyer of order i (buyer "b-{i}").</summary>
    public string BuyerToken(int order) => _tokens.Issue(new Caller(CallerRole.Buyer, $"b-{order}", Marketplace), TimeSpan.FromHours(12));

    /// <summary>Sends a request without a token (signed callback URLs).</summary>
    public async Task<HttpResponseMessage> SendAnonymousAsync(HttpMethod method, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        return await _http.SendAsync(request);
    }

    /// <summary>Sends a JSON request as the caller whose token is <paramref name="token"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(string token, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    /// <summary>Sends a request built by the caller (its own headers, such as Accept-Language).</summary>
    public Task<HttpResponseMessage> HttpSendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>Creates orders 0..count-1, round robin over the sellers, as fast as the app takes them, and waits until all are stored.</summary>
    /// <param name="total">The orders' total in EUR, as order.created's "total" carries it (claims need one).</param>
    /// <param name="buyerLanguage">Order i's buyerLanguage ("en" when not given).</param>
    public async Task CreateOrdersAsync(int count, decimal? total = null, Func<int, string>? buyerLanguage = null)
    {
        var totalJson = total is { } amount ? $$""","total":{"amount":{{amount.ToString(CultureInfo.InvariantCulture)}},"currency":"EUR"}""" : "";
        var sellerIds = SellerIds;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await PostWebhookAsync($"order-{i}", "order.created", $$"""
                {"orderId":"o-{{i}}","buyerId":"b-{{i}}","sellerId":"{{sellerIds[i % sellerIds.Count]}}","buyerLanguage":"{{buyerLanguage?.Invoke(i) ?? "en"}}",
                 "placedAt":"{{DateTimeOffset.UtcNow:O}}","items":[{"sku":"SKU-1","title":"Desk lamp","quantity":1}]{{totalJson}}}
                """, ct));
        await WaitForConversationsAsync(count);
    }

    /// <summary>
    /// Posts one buyer message per order at a steady <paramref name="rate"/>; each opens a reply deadline whose clock
    /// starts at the message's sentAt. Returns when the first was sent and how long posting took.
    /// </summary>
    public async Task<(DateTimeOffset FirstAt, TimeSpan PostedIn)> PostBuyerMessagesAsync(int count, int rate)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var firstAt = DateTimeOffset.UtcNow;
        using var inFlight = new SemaphoreSlim(32);
        var posts = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            await inFlight.WaitAsync();
            var n = i;
            posts.Add(Task.Run(async () =>
            {
                try
                {
                    await PostWebhookAsync($"msg-{n}", "message.received", $$"""
                        {"orderId":"o-{{n}}","messageId":"m-{{n}}","authorRole":"buyer","authorId":"b-{{n}}",
                         "text":"Hello, when will my order ship?","sentAt":"{{DateTimeOffset.UtcNow:O}}"}
                        """, CancellationToken.None);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(posts);
        return (firstAt, clock.Elapsed);
    }

    /// <summary>Polls the sellers' view until <paramref name="expected"/> deadlines are open or <paramref name="giveUpAt"/> passes.</summary>
    public async Task<DeadlineCounts> WaitForOpenDeadlinesAsync(int expected, DateTimeOffset giveUpAt)
    {
        while (true)
        {
            var counts = await CountOpenDeadlinesAsync();
            if (counts.Open >= expected || DateTimeOffset.UtcNow > giveUpAt)
            {
                return counts;
            }

            // Each listing scans the seller's deadlines; on Azurite every table query scans the whole table.
            await Task.Delay(5000);
        }
    }

    /// <summary>What the sellers see: GET /api/seller/deadlines for each of them.</summary>
    public async Task<DeadlineCounts> CountOpenDeadlinesAsync()
    {
        var (open, breached, notificationErrors) = (0, 0, new List<string>());
        foreach (var token in _sellerTokens.Values)
        {
            string? cursor = null;
            do
            {
                var path = "/api/seller/deadlines?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await _http.SendAsync(request);
                Expect(response, HttpStatusCode.OK, "listing a seller's deadlines");
                var page = await response.Content.ReadFromJsonAsync<JsonElement>();
                var deadlines = page.GetProperty("items");
                open += deadlines.GetArrayLength();
                breached += deadlines.EnumerateArray().Count(d => d.GetProperty("breached").GetBoolean());
                notificationErrors.AddRange(deadlines.EnumerateArray()
                    .Select(d => d.GetProperty("lastNotificationError").GetString()).OfType<string>());
                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);
        }

        return new DeadlineCounts(open, breached, notificationErrors);
    }

    private static HttpClient Client(AppProcess process) => new() { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    private async Task PostWebhookAsync(string id, string type, string data, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{DateTimeOffset.UtcNow:O}}","data":{{data}}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{Marketplace}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(body, _webhookSecret, DateTimeOffset.UtcNow));
        using var response = await _http.SendAsync(request, cancellationToken);
        Expect(response, HttpStatusCode.Accepted, $"posting {type}");
    }

    // Conversation headers in storage (the app stores them from its queue; there is no API that lists every seller's).
    private async Task WaitForConversationsAsync(int expected)
    {
        var table = new TableClient(ConnectionString, Prefix + "Conversations");
        while (true)
        {
            var headers = 0;
            await foreach (var unused in table.QueryAsync<TableEntity>("RowKey ge 'header~' and RowKey lt 'header~~'", select: ["RowKey"]))
            {
                headers++;
            }

            if (headers >= expected)
            {
                return;
            }

            await Task.Delay(2000);
        }
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"Unexpected {(int)response.StatusCode} {response.StatusCode} when {what}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }
}

/// <summary>The sellers' view of their deadlines, summed over the sellers.</summary>
internal sealed record DeadlineCounts(int Open, int Breached, List<string> NotificationErrors)
{
    public string Describe() =>
        $"{Open} deadlines open (waiting for a late reply), {Breached} of them breached, {NotificationErrors.Count} with a failed notification"
        + string.Concat(NotificationErrors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(3).Select(g => $"; {g.Count()}× \"{g.Key}\""));
}
