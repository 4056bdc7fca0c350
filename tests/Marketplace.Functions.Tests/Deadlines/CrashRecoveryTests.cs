using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Testing;
using Xunit.Abstractions;

namespace Marketplace.Functions.Tests.Deadlines;

/// <summary>
/// The app as a process, self-hosted on the real engine against Azurite, killed with SIGKILL while 200 reply deadlines
/// are live, then started again: every deadline still reminds and breaches exactly once per notification (counted at
/// a local seller endpoint by idempotency key), none before its time.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "CrashRecovery")]
public sealed class CrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Deadlines = 200;
    private const string Marketplace = "amazon";
    private const string WebhookSecret = "crash-test-webhook-secret-0001";
    private static readonly TimeSpan s_replyWithin = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_remindBefore = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task KillNine_With200LiveDeadlines_RestartCompletesEveryOneWithoutDuplicatedNotifications()
    {
        await using var seller = await SellerWebhookListener.StartAsync("crash-seller-secret-000001");
        var auth = new AuthOptions { SigningKey = "crash-test-signing-key-" + Guid.NewGuid().ToString("N"), Issuer = "crash", Audience = "crash" };
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = AzuriteFixture.UniqueName("crash"),
            ["Auth:SigningKey"] = auth.SigningKey,
            ["Auth:Issuer"] = auth.Issuer,
            ["Auth:Audience"] = auth.Audience,
            [$"Messaging:WebhookSecrets:{Marketplace}"] = WebhookSecret,
            [$"Messaging:Profiles:{Marketplace}:ReplyDeadline:ReplyWithin"] = s_replyWithin.ToString("c", CultureInfo.InvariantCulture),
            [$"Messaging:Profiles:{Marketplace}:ReplyDeadline:ReminderOffsets:0"] = s_remindBefore.ToString("c", CultureInfo.InvariantCulture),
            [$"Messaging:Profiles:{Marketplace}:ReplyDeadline:KeepWaitingAfterBreach"] = "00:00:05",
            // The product's default: a shorter one recovers a little sooner but, on a loaded machine, hands work still in
            // progress to another worker and thrashes (seen with 10 s under a concurrent build).
            ["DurableTask:MessageVisibilityTimeout"] = "00:00:30",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var token = new TokenIssuer(Options.Create(auth), TimeProvider.System).Issue(new Caller(CallerRole.Seller, "s-crash", Marketplace), TimeSpan.FromHours(1));

        var app = await AppProcess.StartAsync(settings);
        try
        {
            using (var http = AppProcessCalls.Client(app, token))
            {
                var saved = await http.PutAsJsonAsync("/api/seller/settings", new { reminderWebhookUrl = seller.Url, reminderWebhookSecret = seller.Secret });
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
                await Parallel.ForEachAsync(Enumerable.Range(0, Deadlines), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                {
                    await AppProcessCalls.PostWebhookAsync(http, Marketplace, WebhookSecret, $"o-{i}", "order.created", $$"""
                        {"orderId":"crash-{{i}}","buyerId":"b-{{i}}","sellerId":"s-crash","buyerLanguage":"en","placedAt":"{{DateTimeOffset.UtcNow:O}}","items":[{"sku":"S","title":"Lamp","quantity":1}]}
                        """);
                    await AppProcessCalls.PostWebhookAsync(http, Marketplace, WebhookSecret, $"m-{i}", "message.received", $$"""
                        {"orderId":"crash-{{i}}","messageId":"m-{{i}}","authorRole":"buyer","authorId":"b-{{i}}","text":"Has it shipped?","sentAt":"{{DateTimeOffset.UtcNow:O}}"}
                        """);
                });
                var posted = Stopwatch.StartNew();
                await AppProcessCalls.EventuallyAsync(async () => await OpenDeadlinesAsync(http) == Deadlines, TimeSpan.FromMinutes(3), "all deadlines to open");
                output.WriteLine($"{Deadlines} deadlines open {posted.Elapsed.TotalSeconds:0.0} s after the last message was accepted.");
            }

            // Kill while reminders are falling due: some sent, some in flight, most still waiting on their timers.
            await AppProcessCalls.EventuallyAsync(() => Task.FromResult(seller.Received.Count >= Deadlines / 4), TimeSpan.FromMinutes(2), "the first reminders");
            var killedAt = Stopwatch.StartNew();
            app.Dispose(); // SIGKILL: no graceful shutdown, leases and in-flight messages left as they are
            var beforeCrash = seller.Received.Count;
            app = await AppProcess.StartAsync(settings);
            var restartedAfter = killedAt.Elapsed;
            await AppProcessCalls.EventuallyAsync(() => Task.FromResult(seller.Received.Count > beforeCrash), TimeSpan.FromMinutes(2), "the first webhook after the restart");
            var firstAfterRestart = killedAt.Elapsed;

            await AppProcessCalls.EventuallyAsync(() => Task.FromResult(Notifications(seller).Select(n => n.Key).Distinct().Count() >= 2 * Deadlines),
                TimeSpan.FromMinutes(5), "every reminder and breach");
            output.WriteLine($"Killed with {beforeCrash} webhooks received; restarted in {restartedAfter.TotalSeconds:0.0} s; " +
                $"first webhook {firstAfterRestart.TotalSeconds:0.0} s after the kill; all {2 * Deadlines} after {killedAt.Elapsed.TotalSeconds:0.0} s.");

            var notifications = Notifications(seller);
            Assert.All(seller.Received, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
            // One notification of each kind per deadline, each with one idempotency key (a delivery cut short by the kill
            // may be repeated with the same key, which the receiver drops: that is the key's purpose).
            foreach (var kind in new[] { "reply_deadline.reminder", "reply_deadline.breached" })
            {
                var ofKind = notifications.Where(n => n.Type == kind).ToList();
                Assert.Equal(Deadlines, ofKind.Select(n => n.ConversationId).Distinct().Count());
                Assert.Equal(Deadlines, ofKind.Select(n => n.Key).Distinct().Count());
            }

            Assert.All(notifications, n => Assert.True(n.ReceivedAt >= n.DueAt, $"{n.Type} for {n.ConversationId} arrived {n.DueAt - n.ReceivedAt} early."));
            var redelivered = notifications.Count - notifications.Select(n => n.Key).Distinct().Count();
            output.WriteLine($"{notifications.Count} deliveries for {2 * Deadlines} notifications ({redelivered} repeated with the same key).");
        }
        finally
        {
            app.Dispose();
        }
    }

    private static List<(string Type, string Key, string ConversationId, DateTimeOffset DueAt, DateTimeOffset ReceivedAt)> Notifications(SellerWebhookListener seller) =>
        [.. seller.Received.Select(r =>
        {
            var body = JsonDocument.Parse(r.Body).RootElement;
            var type = body.GetProperty("type").GetString()!;
            var due = body.GetProperty("dueAt").GetDateTimeOffset();
            return (type, body.GetProperty("id").GetString()!, body.GetProperty("conversationId").GetString()!,
                type == "reply_deadline.reminder" ? due - s_remindBefore : due, r.ReceivedAt);
        })];

    private static async Task<int> OpenDeadlinesAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/seller/deadlines?limit=200")).GetProperty("items").GetArrayLength();
}
