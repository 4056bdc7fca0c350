// Webhook intake benchmark: starts a private Azurite and the app (self-hosted, as scripts/run.sh does),
// posts N signed message.received webhooks spread over a number of orders, and reports
//   - accepted/s: how fast the intake answers 202 (signature check, validation, queue send, event log);
//   - stored/s: from the first post until every message is in its conversation (queue → table);
//   - Azurite's raw single-entity insert rate, sequential and 16 in flight, measured in the same run.
// Before the timed run, --warmup messages (not timed) bring the app to its steady state, as a long-running instance is:
// just after start, the JIT's tiered recompilation took more than half the app's CPU (cold figures: --warmup 0).
// --intake-only measures the first stage alone: the function that applies queued events is disabled
// (AzureWebJobs.ApplyMarketplaceEvent.Disabled), so the run times what it takes to accept them (202) and nothing else.
// --operation-costs first prints Azurite's own CPU per request for each kind of request a message makes (AzuriteOperationCosts).
// Usage: scripts/bench-messaging.sh [--messages N] [--orders K] [--concurrency C] [--warmup W] [--intake-only] [--operation-costs]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Marketplace.Domain.Webhooks;
using Serverless.Testing;

var messages = Arg("--messages", 2000);
var orders = Arg("--orders", 100);
var concurrency = Arg("--concurrency", 16);
var warmup = Arg("--warmup", 1000);
var intakeOnly = args.Contains("--intake-only");
var operationCosts = args.Contains("--operation-costs");
const string Secret = "benchmark-webhook-secret-0123456789";
const string Prefix = "bench";

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"Run: {messages} messages over {orders} orders, {concurrency} posts in flight, after {warmup} warm-up messages (not timed)"
    + (intakeOnly ? "; intake only (queued events are not applied)" : ""));

await using var azurite = await AzuriteProcess.StartOnDiskAsync();
var connectionString = azurite.Endpoints.ConnectionString;
var raw = await AzuriteRawRates.MeasureAsync(connectionString);
if (operationCosts)
{
    await AzuriteOperationCosts.RunAsync(azurite);
}

var settings = new Dictionary<string, string>
{
    ["Storage:ConnectionString"] = connectionString,
    ["Storage:NamePrefix"] = Prefix,
    ["Messaging:WebhookSecrets:generic"] = Secret,
    ["Logging:LogLevel:Default"] = "Warning",
};
if (intakeOnly)
{
    settings["AzureWebJobs.ApplyMarketplaceEvent.Disabled"] = "true";
}

using var app = await AppProcess.StartAsync(settings);
using var http = new HttpClient { BaseAddress = app.BaseAddress };

// Orders first (not timed): each message needs its conversation.
await PostAllAsync(http, Enumerable.Range(0, orders).Select(OrderCreated), concurrency);
await WaitForMessagesUnlessIntakeOnlyAsync(0);
await PostAllAsync(http, Enumerable.Range(0, warmup).Select(i => MessageReceived(messages + i, i % orders)), concurrency);
await WaitForMessagesUnlessIntakeOnlyAsync(warmup);

// The app spends about half a core for a few seconds after the warm-up recompiling its hot code (tiered JIT); wait that
// out, then measure what the processes spend with nothing to do (pollers, timers), not to mistake it for a message's cost.
await Task.Delay(TimeSpan.FromSeconds(5));
var idleFrom = (App: app.ProcessorTime(), Azurite: azurite.ProcessorTime(), Clock: Stopwatch.StartNew());
await Task.Delay(TimeSpan.FromSeconds(5));
var idle = (App: (app.ProcessorTime() - idleFrom.App) / idleFrom.Clock.Elapsed,
    Azurite: (azurite.ProcessorTime() - idleFrom.Azurite) / idleFrom.Clock.Elapsed);

var cpuBefore = (App: app.ProcessorTime(), Azurite: azurite.ProcessorTime(), Benchmark: Process.GetCurrentProcess().TotalProcessorTime);
var started = Stopwatch.StartNew();
await PostAllAsync(http, Enumerable.Range(0, messages).Select(i => MessageReceived(i, i % orders)), concurrency);
var acceptedIn = started.Elapsed;
await WaitForMessagesUnlessIntakeOnlyAsync(warmup + messages);
var doneIn = started.Elapsed;
var cpu = (App: app.ProcessorTime() - cpuBefore.App, Azurite: azurite.ProcessorTime() - cpuBefore.Azurite,
    Benchmark: Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.Benchmark);

Console.WriteLine();
Console.WriteLine(raw);
Console.WriteLine($"Webhooks accepted (202):            {messages / acceptedIn.TotalSeconds,8:0} /s  ({messages} in {acceptedIn.TotalSeconds:0.0} s)");
if (!intakeOnly)
{
    Console.WriteLine($"Messages stored end to end:         {messages / doneIn.TotalSeconds,8:0} /s  ({messages} in {doneIn.TotalSeconds:0.0} s)");
}

var unit = intakeOnly ? "accepted" : "stored";
Console.WriteLine($"CPU per message {unit}: app {PerMessage(cpu.App)}, Azurite {PerMessage(cpu.Azurite)}, this benchmark {PerMessage(cpu.Benchmark)} ({Environment.ProcessorCount} cores, {doneIn.TotalSeconds:0.0} s)");
// The three processes share the machine's cores, so the CPU a message takes in all bounds the rate any change can reach.
var cpuInAll = cpu.App + cpu.Azurite + cpu.Benchmark;
var budgetAtHalfRaw = Environment.ProcessorCount * 1000 / (raw.Insert16 / 2);
Console.WriteLine($"Cores busy: {cpuInAll / doneIn:0.00} of {Environment.ProcessorCount}; CPU per message in all {PerMessage(cpuInAll)}, "
    + $"where half the raw insert rate would leave {budgetAtHalfRaw:0.00} ms");
Console.WriteLine($"Idle for 5 s before the timed posts: app {idle.App:0.00} and Azurite {idle.Azurite:0.00} of a core");
Console.WriteLine($"Ratios: accepted/raw-insert-16 = {messages / acceptedIn.TotalSeconds / raw.Insert16:0.00}"
    + (intakeOnly ? "" : $", stored/raw-insert-16 = {messages / doneIn.TotalSeconds / raw.Insert16:0.00}"));
return 0;

string PerMessage(TimeSpan time) => $"{time.TotalMilliseconds / messages:0.00} ms";

// With the apply function disabled nothing reaches the conversations: only the posts are timed.
Task WaitForMessagesUnlessIntakeOnlyAsync(int expectedMessages) =>
    intakeOnly ? Task.CompletedTask : WaitForMessagesAsync(connectionString, expectedMessages, orders, TimeSpan.FromMinutes(10));

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string OrderCreated(int order) => Envelope($"order-{order}", "order.created", $$"""
    {"orderId":"o-{{order}}","buyerId":"b-{{order}}","sellerId":"s-{{order % 10}}","buyerLanguage":"en",
     "placedAt":"{{Now()}}","items":[{"sku":"SKU-1","title":"Desk lamp","quantity":1}]}
    """);

static string MessageReceived(int message, int order) => Envelope($"msg-{message}", "message.received", $$"""
    {"orderId":"o-{{order}}","messageId":"m-{{message}}","authorRole":"buyer","authorId":"b-{{order}}",
     "text":"Hello, when will order o-{{order}} ship? This is message {{message}}.","sentAt":"{{Now()}}"}
    """);

static string Envelope(string id, string type, string data) =>
    $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{Now()}}","data":{{data}}}""";

// Live traffic is sent as it happens: a buyer message from days ago would open a reply deadline already overdue, and
// its reminder and breach would run in the middle of the measurement (they did, until every timestamp here was "now").
static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

static async Task PostAllAsync(HttpClient http, IEnumerable<string> bodies, int concurrency)
{
    await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, ct) =>
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/generic") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(bytes, Secret, DateTimeOffset.UtcNow));
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    });
}

// Sums the conversations' message counts until they reach the target. Each header's count is written in the same
// transaction as its messages, and reading the headers alone keeps the benchmark's own load on Azurite small (a scan of
// every message row, five times a second, was a share of Azurite's CPU that grew with the run).
static async Task WaitForMessagesAsync(string connectionString, int expectedMessages, int expectedConversations, TimeSpan timeout)
{
    var table = new TableClient(connectionString, Prefix + "Conversations");
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        var (messages, headers) = (0L, 0);
        await foreach (var row in table.QueryAsync<TableEntity>("RowKey ge 'header~' and RowKey lt 'header\u007f'", select: ["MessageCount"]))
        {
            messages += row.GetInt64("MessageCount") ?? 0;
            headers++;
        }

        if (messages >= expectedMessages && headers >= expectedConversations)
        {
            return;
        }

        if (deadline.Elapsed > timeout)
        {
            throw new TimeoutException($"Only {messages}/{expectedMessages} messages and {headers}/{expectedConversations} conversations stored after {timeout}.");
        }

        await Task.Delay(200);
    }
}
