using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Deadlines;
using Marketplace.Functions.Tests.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Testing;
using Xunit.Abstractions;

namespace Marketplace.Functions.Tests.Claims;

/// <summary>
/// The app as a process on the real engine, killed with SIGKILL while the marketplace's <c>claim.opened</c> webhooks are
/// being applied (some claims committed without their thread or window yet, some not at all), then started again: every
/// claim ends exactly as it would have without the crash. One claim per marketplace claim, its thread with the description
/// once, its window expiring it into mediation once, and the marketplace told of each transition once per event id.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "CrashRecovery")]
public sealed class ClaimCrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Claims = 60;
    private const string Marketplace = "amazon";
    private const string WebhookSecret = "claim-crash-webhook-secret-01";
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task KillNine_WhileClaimsAreBeingOpened_RestartLeavesEveryClaimAsWithoutTheCrash()
    {
        await using var backendListener = await SellerWebhookListener.StartAsync("claim-crash-events-secret-01");
        var auth = new AuthOptions { SigningKey = "claim-crash-signing-key-" + Guid.NewGuid().ToString("N"), Issuer = "crash", Audience = "crash" };
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = AzuriteFixture.UniqueName("ccrash"),
            ["Auth:SigningKey"] = auth.SigningKey,
            ["Auth:Issuer"] = auth.Issuer,
            ["Auth:Audience"] = auth.Audience,
            [$"Messaging:WebhookSecrets:{Marketplace}"] = WebhookSecret,
            [$"Messaging:Profiles:{Marketplace}:Claims:ResolutionWindow"] = s_window.ToString("c", CultureInfo.InvariantCulture),
            [$"Messaging:Profiles:{Marketplace}:Claims:ReminderOffsets:0"] = "00:00:20",
            ["DurableTask:MessageVisibilityTimeout"] = "00:00:30",
            ["EventsOut:RetryDelay"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var tokens = new TokenIssuer(Options.Create(auth), TimeProvider.System);
        string Token(CallerRole role, string party, string? marketplace) => tokens.Issue(new Caller(role, party, marketplace), TimeSpan.FromHours(1));

        var app = await AppProcess.StartAsync(settings);
        try
        {
            using (var backend = AppProcessCalls.Client(app, Token(CallerRole.Marketplace, "amazon-backend", Marketplace)))
            {
                var subscribed = await backend.PutAsJsonAsync("/api/marketplace/events-webhook", new { url = backendListener.Url, secret = backendListener.Secret });
                Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
                await Parallel.ForEachAsync(Enumerable.Range(0, Claims), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                    await AppProcessCalls.PostWebhookAsync(backend, Marketplace, WebhookSecret, $"o-{i}", "order.created", $$"""
                        {"orderId":"cc-{{i}}","buyerId":"b-{{i}}","sellerId":"s-1","buyerLanguage":"en","placedAt":"{{DateTimeOffset.UtcNow:O}}",
                         "items":[{"sku":"S","title":"Lamp","quantity":1}],"total":{"amount":30.00,"currency":"EUR"} }
                        """));
                await Parallel.ForEachAsync(Enumerable.Range(0, Claims), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                    await AppProcessCalls.PostWebhookAsync(backend, Marketplace, WebhookSecret, $"c-{i}", "claim.opened", $$"""
                        {"claimId":"mk-claim-{{i}}","orderId":"cc-{{i}}","buyerId":"b-{{i}}","reason":"damaged","desiredResolution":"refund",
                         "description":"The shade of lamp {{i}} arrived cracked.","openedAt":"{{DateTimeOffset.UtcNow:O}}"}
                        """));
            }

            // Kill while the claims are being applied: the first ones have told the marketplace, most have not.
            await AppProcessCalls.EventuallyAsync(() => Task.FromResult(Opened(backendListener).Count >= 5), TimeSpan.FromMinutes(2), "the first claims to open", s_poll);
            app.Dispose();
            var openedBeforeCrash = Opened(backendListener).Count;
            var killedAt = Stopwatch.StartNew();
            app = await AppProcess.StartAsync(settings);

            using var admin = AppProcessCalls.Client(app, Token(CallerRole.Admin, "mediator-1", null));
            try
            {
                await AppProcessCalls.EventuallyAsync(async () => (await ClaimsAsync(admin)).Count(c => c.GetProperty("state").GetString() == "in_mediation") == Claims,
                    TimeSpan.FromMinutes(4), "every claim to expire into mediation", s_poll);
            }
            catch (TimeoutException timeout)
            {
                throw new TimeoutException(timeout.Message + Environment.NewLine + await DiagnoseAsync(admin, settings["Storage:NamePrefix"]), timeout);
            }

            await AppProcessCalls.EventuallyAsync(() => Task.FromResult(Distinct(backendListener).Count >= 2 * Claims), TimeSpan.FromMinutes(1), "every claim event at the marketplace", s_poll);
            output.WriteLine($"Killed with {openedBeforeCrash} of {Claims} claims announced; all expired and announced {killedAt.Elapsed.TotalSeconds:0.0} s after the kill.");

            var claims = await ClaimsAsync(admin);
            Assert.Equal(Claims, claims.Count);
            foreach (var claim in claims)
            {
                var id = claim.GetProperty("id").GetString()!;
                var timeline = await admin.GetFromJsonAsync<JsonElement>($"/api/claims/{id}/timeline");
                Assert.Equal(["open", "expire"], timeline.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
                var thread = Uri.EscapeDataString(claim.GetProperty("conversationId").GetString()!);
                var messages = (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{thread}/messages")).GetProperty("items");
                Assert.Equal(1, messages.GetArrayLength());
                Assert.StartsWith("The shade of lamp", messages[0].GetProperty("text").GetString(), StringComparison.Ordinal);
            }

            // Each claim's two events reached the marketplace, each under one id (a delivery cut short by the kill may come
            // again with the same id, which the receiver drops: that is what the id is for).
            var events = Distinct(backendListener);
            Assert.Equal(2 * Claims, events.Count);
            Assert.Equal(Claims, events.Count(e => e.Type == "claim.opened"));
            Assert.Equal(Claims, events.Count(e => e.Type == "claim.updated" && e.State == "in_mediation"));
            Assert.All(backendListener.Received, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        }
        finally
        {
            app.Dispose();
        }
    }

    /// <summary>Where the claims got to: their states, their window workflows' states, and what waits in the app's queues.</summary>
    private async Task<string> DiagnoseAsync(HttpClient admin, string prefix)
    {
        var report = new StringBuilder();
        var claims = await ClaimsAsync(admin);
        report.AppendLine(CultureInfo.InvariantCulture, $"Claims by state: {string.Join(", ", claims.GroupBy(c => c.GetProperty("state").GetString()).Select(g => $"{g.Key}: {g.Count()}"))} (of {Claims}).");
        foreach (var stuck in claims.Where(c => c.GetProperty("state").GetString() != "in_mediation").Take(5))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  not in mediation: {stuck}");
        }

        var tables = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0))
        {
            if (table.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && table.Name.EndsWith("Instances", StringComparison.Ordinal))
            {
                var windows = new List<TableEntity>();
                await foreach (var instance in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
                {
                    if (instance.PartitionKey.StartsWith("claim-window~", StringComparison.Ordinal))
                    {
                        windows.Add(instance);
                    }
                }

                report.AppendLine(CultureInfo.InvariantCulture, $"Claim windows in {table.Name}: {string.Join(", ", windows.GroupBy(w => w.GetString("RuntimeStatus")).Select(g => $"{g.Key}: {g.Count()}"))}.");
                foreach (var failed in windows.Where(w => w.GetString("RuntimeStatus") == "Failed").Take(3))
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"  failed: {failed.PartitionKey}: {failed.GetString("Output")}");
                }
            }
        }

        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix.ToLowerInvariant()))
        {
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync();
            report.AppendLine(CultureInfo.InvariantCulture, $"Queue {queue.Name}: {properties.Value.ApproximateMessagesCount} messages.");
        }

        using var poisoned = await admin.GetAsync("/api/admin/poison/marketplace-events");
        report.AppendLine(CultureInfo.InvariantCulture, $"Poisoned marketplace events ({(int)poisoned.StatusCode}): {await poisoned.Content.ReadAsStringAsync()}");
        return report.ToString();
    }

    private static List<string> Opened(SellerWebhookListener listener) =>
        [.. Distinct(listener).Where(e => e.Type == "claim.opened").Select(e => e.Id)];

    private static List<(string Id, string Type, string? State)> Distinct(SellerWebhookListener listener) =>
        [.. listener.Received
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(e => e.GetProperty("stream").GetString()!.StartsWith("claim:", StringComparison.Ordinal))
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("type").GetString()!, e.GetProperty("data").GetProperty("state").GetString()))
            .DistinctBy(e => e.Item1)];

    private static async Task<List<JsonElement>> ClaimsAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/claims?marketplace={Marketplace}&limit=100")).GetProperty("items").EnumerateArray()];
}
