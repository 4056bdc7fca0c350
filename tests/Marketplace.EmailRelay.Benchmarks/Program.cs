// Inbound email benchmark: starts a private Azurite (on disk) and the app (self-hosted, as scripts/run.sh does) with the email
// relay on, makes K order conversations whose buyer's first message is emailed to the seller (that email's From is the buyer's
// alias), then sends N seller replies to those aliases through the app's SMTP listener from C connections, and reports
//   - accepted/s: SMTP transactions answered 250 (alias, sender and authentication checks, raw mail to a blob, queue send);
//   - processed/s: from the first send until every reply is a stored message (queue → MIME parse → quote stripping → the
//     normal message path: content policy, table transaction, inboxes, deadline, events out).
// Usage: scripts/bench-email.sh [--emails N] [--orders K] [--concurrency C]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Azure.Data.Tables;
using MailKit.Net.Smtp;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Serverless.Testing;

var emails = Arg("--emails", 1000);
var orders = Arg("--orders", 50);
var concurrency = Arg("--concurrency", 8);
const string Prefix = "bench";
const string Domain = "relay.bench";
const string Secret = "bench-webhook-secret-0123456789";

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"Run: {emails} emails to {orders} aliases, {concurrency} SMTP connections");

await using var azurite = await AzuriteProcess.StartOnDiskAsync();
var connectionString = azurite.Endpoints.ConnectionString;
var raw = await AzuriteRawRates.MeasureAsync(connectionString);
var pickup = Directory.CreateTempSubdirectory("relay-bench-").FullName;
var smtpPort = FreePort();
var auth = new AuthOptions { SigningKey = "bench-signing-key-" + Guid.NewGuid().ToString("N"), Issuer = "bench", Audience = "bench" };
var tokens = new TokenIssuer(Options.Create(auth), TimeProvider.System);

using var app = await AppProcess.StartAsync(new Dictionary<string, string>
{
    ["Storage:ConnectionString"] = connectionString,
    ["Storage:NamePrefix"] = Prefix,
    ["Auth:SigningKey"] = auth.SigningKey,
    ["Auth:Issuer"] = auth.Issuer,
    ["Auth:Audience"] = auth.Audience,
    ["Messaging:WebhookSecrets:generic"] = Secret,
    ["EmailRelay:Domain"] = Domain,
    ["EmailRelay:ListenPort"] = smtpPort.ToString(CultureInfo.InvariantCulture),
    ["EmailRelay:PickupDirectory"] = pickup,
    ["Logging:LogLevel:Default"] = "Warning",
});
using var http = new HttpClient { BaseAddress = app.BaseAddress };

// Set-up (not timed): each seller registers an address; each order's buyer message is emailed to its seller from the buyer's alias.
for (var i = 0; i < orders; i++)
{
    using var request = new HttpRequestMessage(HttpMethod.Put, "/api/me/email")
    {
        Content = new StringContent($$"""{"addresses":["{{SellerAddress(i)}}"],"notifications":true}""", Encoding.UTF8, "application/json"),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(new Caller(CallerRole.Seller, $"s-{i}", "generic"), TimeSpan.FromHours(2)));
    (await http.SendAsync(request)).EnsureSuccessStatusCode();
}

for (var i = 0; i < orders; i++)
{
    await PostWebhookAsync(Envelope($"order-{i}", "order.created", $$"""
        {"orderId":"o-{{i}}","buyerId":"b-{{i}}","sellerId":"s-{{i}}","buyerLanguage":"en","placedAt":"2026-12-01T08:00:00Z","items":[{"sku":"SKU-1","title":"Lamp","quantity":1}]}
        """));
    await PostWebhookAsync(Envelope($"msg-{i}", "message.received", $$"""
        {"orderId":"o-{{i}}","messageId":"m-{{i}}","authorRole":"buyer","authorId":"b-{{i}}","text":"Has order {{i}} shipped?","sentAt":"{{DateTimeOffset.UtcNow:O}}"}
        """));
}

var aliases = new Dictionary<string, string>();
var setUp = Stopwatch.StartNew();
while (aliases.Count < orders)
{
    if (setUp.Elapsed > TimeSpan.FromMinutes(5))
    {
        throw new TimeoutException($"Only {aliases.Count} of {orders} buyer emails reached the pickup folder.");
    }

    await Task.Delay(200);
    foreach (var file in Directory.GetFiles(pickup, "*.eml"))
    {
        using var mail = await MimeMessage.LoadAsync(file);
        aliases[mail.To.Mailboxes.Single().Address] = mail.From.Mailboxes.Single().Address;
    }
}

var pairs = aliases.ToArray();
var work = new ConcurrentQueue<int>(Enumerable.Range(0, emails));
var started = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    using var client = new SmtpClient();
    await client.ConnectAsync("127.0.0.1", smtpPort, MailKit.Security.SecureSocketOptions.None);
    while (work.TryDequeue(out var n))
    {
        var (seller, alias) = pairs[n % pairs.Length];
        using var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(seller));
        reply.To.Add(MailboxAddress.Parse(alias));
        reply.Subject = "Re: Order";
        reply.MessageId = $"bench-{n}@shop.bench";
        reply.Body = new TextPart("plain") { Text = $"Reply {n}: it ships tomorrow.\n\nOn Tue, 1 Dec 2026 at 09:00, Buyer wrote:\n> Has it shipped?\n" };
        await client.SendAsync(reply);
    }

    await client.DisconnectAsync(true);
}));
var acceptedIn = started.Elapsed;

var table = new TableClient(connectionString, Prefix + "Conversations");
var stored = 0;
while (stored < emails)
{
    if (started.Elapsed > TimeSpan.FromMinutes(15))
    {
        throw new TimeoutException($"Only {stored} of {emails} emails were stored.");
    }

    await Task.Delay(250);
    stored = 0;
    await foreach (var _ in table.QueryAsync<TableEntity>("Source eq 'Email'", select: ["RowKey"]))
    {
        stored++;
    }
}

var processedIn = started.Elapsed;
Console.WriteLine();
Console.WriteLine(raw);
Console.WriteLine($"Emails accepted over SMTP (250):    {emails / acceptedIn.TotalSeconds,8:0.0} /s  ({emails} in {acceptedIn.TotalSeconds:0.0} s)");
Console.WriteLine($"Emails processed into messages:     {emails / processedIn.TotalSeconds,8:0.0} /s  ({emails} in {processedIn.TotalSeconds:0.0} s)");
Directory.Delete(pickup, recursive: true);
return 0;

async Task PostWebhookAsync(string body)
{
    var bytes = Encoding.UTF8.GetBytes(body);
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/generic") { Content = new ByteArrayContent(bytes) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(bytes, Secret, DateTimeOffset.UtcNow));
    (await http.SendAsync(request)).EnsureSuccessStatusCode();
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string SellerAddress(int i) => $"seller-{i}@shop.bench";

static string Envelope(string id, string type, string data) =>
    $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{DateTimeOffset.UtcNow:O}}","data":{{data}}}""";

static int FreePort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}
