// Reply-deadline benchmark, end to end: a private Azurite, the app in its own process (self-hosted, as
// scripts/run.sh runs it) and one local HTTP endpoint per seller. It configures each seller's reminder webhook
// through the seller API, creates N orders, then posts N signed buyer messages at a steady rate, each opening a
// reply deadline (deadline length and reminder offset configured short). Nobody replies, so every deadline sends
// one reminder and then breaches. It reports:
//   - how late each reminder and breach webhook reached the seller's endpoint against its scheduled instant
//     (p50/p99/max; a webhook must never arrive early), and that every signature verified;
//   - the app's resident memory once all N deadlines were open (before the first reminder), and its peak;
//   - the seller API's view at the end (open and breached counts), and Azurite's raw rates in the same run.
// The defaults keep both timers of a deadline (reminder, then breach) beyond the runtime's 5-minute parking horizon,
// so they wait as table rows as 24-hour deadlines do in production, and post for less time than the first reminder
// takes to fall due, so all N deadlines are open at once.
// Usage: scripts/bench-deadlines.sh [--count N] [--rate PER_SECOND] [--reply-within SECONDS] [--remind-before SECONDS] [--sellers K] [--connection-string S]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Security;
using Marketplace.Workflows.Benchmarks;
using Microsoft.Extensions.Options;
using Serverless.Testing;

var count = Arg("--count", 10_000);
var rate = Arg("--rate", 20);
var replyWithin = TimeSpan.FromSeconds(Arg("--reply-within", 1000));
var remindBefore = TimeSpan.FromSeconds(Arg("--remind-before", 400));
var sellers = Arg("--sellers", 20);
const string Prefix = "bench";
const string Marketplace = "generic";
var webhookSecret = "bench-webhook-secret-" + Guid.NewGuid().ToString("N");
var auth = new AuthOptions { SigningKey = "bench-signing-key-" + Guid.NewGuid().ToString("N"), Issuer = "bench", Audience = "bench" };

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"Run: {count} deadlines for {sellers} sellers, buyer messages posted at {rate}/s; deadline {replyWithin.TotalSeconds:0} s, reminder {remindBefore.TotalSeconds:0} s before it; nobody replies.");
var postingTime = TimeSpan.FromSeconds((double)count / rate);
if (postingTime > replyWithin - remindBefore)
{
    Console.WriteLine($"Warning: posting takes {postingTime.TotalSeconds:0} s, longer than the {(replyWithin - remindBefore).TotalSeconds:0} s before the first reminder: not all {count} deadlines will be open at once.");
}

// --connection-string: an Azurite (or account) started elsewhere, e.g. under a profiler; otherwise a private one.
var connectionString = args.SkipWhile(a => a != "--connection-string").Skip(1).FirstOrDefault();
await using var azurite = connectionString is null ? await AzuriteProcess.StartOnDiskAsync() : null;
connectionString ??= azurite!.Endpoints.ConnectionString;
var raw = await AzuriteRawRates.MeasureAsync(connectionString);
Console.WriteLine(raw);

var sellerIds = Enumerable.Range(0, sellers).Select(i => $"s-{i}").ToList();
var secrets = sellerIds.ToDictionary(s => s, s => $"{s}-reminder-secret-{Guid.NewGuid():N}");
await using var endpoint = await SellerEndpoint.StartAsync(secrets);
using var app = await AppProcess.StartAsync(new Dictionary<string, string>
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
});
using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
var tokens = new TokenIssuer(Options.Create(auth), TimeProvider.System);
var sellerTokens = sellerIds.ToDictionary(s => s, s => tokens.Issue(new Caller(CallerRole.Seller, s, Marketplace), TimeSpan.FromHours(12)));

foreach (var seller in sellerIds)
{
    using var request = new HttpRequestMessage(HttpMethod.Put, "/api/seller/settings")
    {
        Content = JsonContent.Create(new SellerSettingsRequest(endpoint.UrlFor(seller).AbsoluteUri, secrets[seller])),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerTokens[seller]);
    using var response = await http.SendAsync(request);
    Expect(response, HttpStatusCode.OK, "setting a seller's reminder webhook");
}

// Orders first, as fast as the app takes them (not measured): each buyer message needs its conversation.
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    await PostWebhookAsync($"order-{i}", "order.created", $$"""
        {"orderId":"o-{{i}}","buyerId":"b-{{i}}","sellerId":"{{sellerIds[i % sellers]}}","buyerLanguage":"en",
         "placedAt":"{{DateTimeOffset.UtcNow:O}}","items":[{"sku":"SKU-1","title":"Desk lamp","quantity":1}]}
        """, ct));
await WaitForConversationsAsync(count);
Console.WriteLine($"{count} orders stored in {clock.Elapsed.TotalSeconds:0} s.");

// Buyer messages at a steady rate; each opens a deadline whose clock starts at the message's sentAt.
var memoryPeakBeforeMessages = app.Memory().PeakWorkingSetMb;
clock.Restart();
var firstMessageAt = DateTimeOffset.UtcNow;
using (var inFlight = new SemaphoreSlim(32))
{
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
                var now = DateTimeOffset.UtcNow;
                await PostWebhookAsync($"msg-{n}", "message.received", $$"""
                    {"orderId":"o-{{n}}","messageId":"m-{{n}}","authorRole":"buyer","authorId":"b-{{n}}",
                     "text":"Hello, when will my order ship?","sentAt":"{{now:O}}"}
                    """, CancellationToken.None);
            }
            finally
            {
                inFlight.Release();
            }
        }));
    }

    await Task.WhenAll(posts);
}

var postedIn = clock.Elapsed;
Console.WriteLine($"{count} buyer messages posted in {postedIn.TotalSeconds:0} s ({count / postedIn.TotalSeconds:0.0}/s).");

// Wait until the seller API shows every deadline open; the app's memory then is memory with N pending deadlines.
var firstReminderDue = firstMessageAt + replyWithin - remindBefore;
var (open, _, _) = await WaitForOpenDeadlinesAsync(count, firstReminderDue + TimeSpan.FromMinutes(5));
var openedAfter = DateTimeOffset.UtcNow - firstMessageAt;
var (memoryAllOpen, _) = app.Memory();
Console.WriteLine($"{open} deadlines open {openedAfter.TotalSeconds:0} s after the first message" +
    (DateTimeOffset.UtcNow > firstReminderDue ? " (after the first reminder was due: lower --rate or raise --reply-within)." : "."));
Console.WriteLine($"App memory with {open} open deadlines: working set {memoryAllOpen:0} MB (peak while orders were created: {memoryPeakBeforeMessages:0} MB).");

// Every deadline sends a reminder, then breaches; wait for both webhooks of all of them, however late, as long as
// they keep coming. A stall of seven minutes after the last deadline ends the run with what arrived: longer than the
// runtime's slowest recovery (a lost in-memory hand-off is re-sent by the outbox sweep after 5 minutes).
var lastDue = DateTimeOffset.UtcNow + replyWithin;
var progress = Stopwatch.StartNew();
var (arrived, lastArrivalAt) = (0, DateTimeOffset.UtcNow);
while (endpoint.Arrivals.Count < 2 * count && (DateTimeOffset.UtcNow < lastDue || DateTimeOffset.UtcNow - lastArrivalAt < TimeSpan.FromMinutes(7)))
{
    await Task.Delay(1000);
    if (endpoint.Arrivals.Count > arrived)
    {
        (arrived, lastArrivalAt) = (endpoint.Arrivals.Count, DateTimeOffset.UtcNow);
    }

    if (progress.Elapsed > TimeSpan.FromSeconds(30))
    {
        progress.Restart();
        Console.WriteLine($"  ... {endpoint.Arrivals.Count(a => a.Type == "reply_deadline.reminder")} reminders, {endpoint.Arrivals.Count(a => a.Type == "reply_deadline.breached")} breaches received");
    }
}

var (memoryEnd, memoryPeak) = app.Memory();
var (stillOpen, breached, notificationErrors) = await CountOpenDeadlinesAsync();
Console.WriteLine();
Report("Reminder lateness (received at the seller - due)", endpoint.Arrivals.Where(a => a.Type == "reply_deadline.reminder").Select(a => a.ReceivedAt - (a.DueAt - remindBefore)));
Report("Breach lateness (received at the seller - deadline)", endpoint.Arrivals.Where(a => a.Type == "reply_deadline.breached").Select(a => a.ReceivedAt - a.DueAt));
Console.WriteLine($"Signatures that failed to verify: {endpoint.BadSignatures}; redelivered webhooks (same id): {endpoint.Redeliveries}.");
Console.WriteLine($"Seller API at the end: {stillOpen} deadlines open (waiting for a late reply), {breached} of them breached, {notificationErrors.Count} with a failed notification"
    + string.Concat(notificationErrors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(3).Select(g => $"; {g.Count()}× \"{g.Key}\"")) + ".");
Console.WriteLine($"App memory: {memoryAllOpen:0} MB with {open} deadlines open, {memoryEnd:0} MB at the end, peak {memoryPeak:0} MB (working set).");
return endpoint.BadSignatures == 0 ? 0 : 1;

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

async Task PostWebhookAsync(string id, string type, string data, CancellationToken cancellationToken)
{
    var body = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{DateTimeOffset.UtcNow:O}}","data":{{data}}}""");
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{Marketplace}") { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(body, webhookSecret, DateTimeOffset.UtcNow));
    using var response = await http.SendAsync(request, cancellationToken);
    Expect(response, HttpStatusCode.Accepted, $"posting {type}");
}

// Conversation headers in storage (the app stores them from its queue; there is no API that lists every seller's).
async Task WaitForConversationsAsync(int expected)
{
    var table = new TableClient(connectionString, Prefix + "Conversations");
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

async Task<(int Open, int Breached, List<string> NotificationErrors)> WaitForOpenDeadlinesAsync(int expected, DateTimeOffset giveUpAt)
{
    while (true)
    {
        var counts = await CountOpenDeadlinesAsync();
        if (counts.Open >= expected || DateTimeOffset.UtcNow > giveUpAt)
        {
            return counts;
        }

        await Task.Delay(5000);
    }
}

// What the sellers see: GET /api/seller/deadlines for each of them.
async Task<(int Open, int Breached, List<string> NotificationErrors)> CountOpenDeadlinesAsync()
{
    var (open, breached, notificationErrors) = (0, 0, new List<string>());
    foreach (var seller in sellerIds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/seller/deadlines");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerTokens[seller]);
        using var response = await http.SendAsync(request);
        Expect(response, HttpStatusCode.OK, "listing a seller's deadlines");
        var deadlines = await response.Content.ReadFromJsonAsync<JsonElement>();
        open += deadlines.GetArrayLength();
        breached += deadlines.EnumerateArray().Count(d => d.GetProperty("breached").GetBoolean());
        notificationErrors.AddRange(deadlines.EnumerateArray()
            .Select(d => d.GetProperty("lastNotificationError").GetString()).OfType<string>());
    }

    return (open, breached, notificationErrors);
}

static void Expect(HttpResponseMessage response, HttpStatusCode expected, string what)
{
    if (response.StatusCode != expected)
    {
        throw new InvalidOperationException($"Unexpected {(int)response.StatusCode} {response.StatusCode} when {what}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
    }
}

void Report(string what, IEnumerable<TimeSpan> lateness)
{
    var sorted = lateness.Order().ToList();
    if (sorted.Count == 0)
    {
        Console.WriteLine($"{what}: none received of {count}");
        return;
    }

    TimeSpan At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    Console.WriteLine($"{what}, {sorted.Count}/{count} received: p50 {At(0.5).TotalMilliseconds:0} ms, p99 {At(0.99).TotalMilliseconds:0} ms, max {sorted[^1].TotalMilliseconds:0} ms; early: {sorted.Count(l => l < TimeSpan.Zero)}");
}
