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
using Marketplace.Functions.Tests.Deadlines;
using Marketplace.Functions.Tests.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Testing;
using Xunit.Abstractions;

namespace Marketplace.Functions.Tests.Refunds;

/// <summary>
/// The app as a process on the real engine, killed with SIGKILL between the payment and its record: the payment system
/// has paid, the app never got the answer. Started again, the activity runs again with the refund's idempotency key:
/// the refund ends paid, the buyer paid once, the claim's timeline says so once.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "CrashRecovery")]
public sealed class RefundCrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Marketplace = "amazon";
    private const string WebhookSecret = "refund-crash-webhook-secret-01";

    [Fact]
    public async Task KillNine_AfterThePaymentBeforeItsAnswer_RestartPaysOnceAndRecordsIt()
    {
        await using var finance = await SellerWebhookListener.StartAsync("refund-crash-finance-secret-1");
        await using var payments = await FakePaymentServer.StartAsync("refund-crash-payment-secret-1");
        payments.HoldFirstAnswerAfterPaying();
        var auth = new AuthOptions { SigningKey = "refund-crash-signing-key-" + Guid.NewGuid().ToString("N"), Issuer = "crash", Audience = "crash" };
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = AzuriteFixture.UniqueName("rfcrash"),
            ["Auth:SigningKey"] = auth.SigningKey,
            ["Auth:Issuer"] = auth.Issuer,
            ["Auth:Audience"] = auth.Audience,
            [$"Messaging:WebhookSecrets:{Marketplace}"] = WebhookSecret,
            ["Deadlines:AllowLoopbackWebhooks"] = "true",
            ["Refunds:CallbackKey"] = RefundWorkflowEndToEndTests.CallbackKey,
            ["Refunds:FinanceWebhook:Url"] = finance.Url.ToString(),
            ["Refunds:FinanceWebhook:Secret"] = finance.Secret,
            ["Refunds:Payment:Url"] = payments.Url.ToString(),
            ["Refunds:Payment:Secret"] = payments.Secret,
            ["Refunds:PaymentFirstRetry"] = "00:00:01",
            // How long the killed process's in-flight activity waits before the restarted one takes it.
            ["DurableTask:MessageVisibilityTimeout"] = "00:00:15",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var tokens = new TokenIssuer(Options.Create(auth), TimeProvider.System);
        string Token(CallerRole role, string id) => tokens.Issue(new Caller(role, id, role == CallerRole.Finance ? null : Marketplace), TimeSpan.FromHours(1));

        var app = await AppProcess.StartAsync(settings);
        try
        {
            string claimId;
            using (var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(1) })
            {
                await AppProcessCalls.PostWebhookAsync(http, Marketplace, WebhookSecret, "o-crash", "order.created", """
                    {"orderId":"crash-1","buyerId":"b-1","sellerId":"s-1","buyerLanguage":"en","placedAt":"2026-12-01T09:00:00Z",
                     "items":[{"sku":"S","title":"Lamp","quantity":1}],"total":{"amount":55.00,"currency":"EUR"}}
                    """);
                claimId = await OpenAndRefundAsync(http, Token(CallerRole.Buyer, "b-1"), Token(CallerRole.Seller, "s-1"));
                await AppProcessCalls.EventuallyAsync(() => Task.FromResult(finance.Received.Any(r => r.Body.Contains(claimId, StringComparison.Ordinal))),
                    TimeSpan.FromMinutes(1), "the approval request");
                var request = JsonDocument.Parse(finance.Received.First(r => r.Body.Contains(claimId, StringComparison.Ordinal)).Body).RootElement;
                var approve = new Uri(request.GetProperty("callbacks").GetProperty("approve").GetString()!).PathAndQuery;
                using var approved = await http.PostAsync(approve, null);
                Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            }

            await payments.Held.Task.WaitAsync(TimeSpan.FromMinutes(1));
            var killedAt = Stopwatch.StartNew();
            app.Dispose(); // SIGKILL while the payment system holds its answer: paid there, not recorded here
            payments.Release.TrySetResult();
            Assert.Equal(1, payments.Payments);
            app = await AppProcess.StartAsync(settings);

            using var financeApi = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
            financeApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(CallerRole.Finance, "alice"));
            var refundId = payments.Executed.Single().Value.RefundId;
            JsonElement refund = default;
            await AppProcessCalls.EventuallyAsync(async () =>
            {
                refund = await financeApi.GetFromJsonAsync<JsonElement>($"/api/finance/refunds/{refundId}");
                return refund.GetProperty("state").GetString() == "paid";
            }, TimeSpan.FromMinutes(3), "the refund to be recorded as paid after the restart");
            output.WriteLine($"Paid and recorded {killedAt.Elapsed.TotalSeconds:0.0} s after the kill; payment requests: " +
                string.Join(", ", payments.Requests.Select(r => r.Status.ToString(CultureInfo.InvariantCulture))));

            Assert.Equal(1, payments.Payments);
            Assert.True(payments.Requests.Count >= 2, "The payment was not asked again after the restart.");
            Assert.Single(payments.Requests.Select(r => r.Key).Distinct());
            Assert.Equal(payments.Executed.Single().Value.PaymentId, refund.GetProperty("paymentReference").GetString());
            using var buyer = new HttpClient { BaseAddress = app.BaseAddress };
            buyer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(CallerRole.Buyer, "b-1"));
            var timeline = await buyer.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}/timeline");
            Assert.Equal(["open", "accept_full_refund", "refund_paid"], timeline.EnumerateArray().Select(e => e.GetProperty("action").GetString()!));
        }
        finally
        {
            app.Dispose();
        }
    }

    private static async Task<string> OpenAndRefundAsync(HttpClient http, string buyerToken, string sellerToken)
    {
        string? claimId = null;
        // The order arrives through the queue: retry the open until the order is there.
        await AppProcessCalls.EventuallyAsync(async () =>
        {
            using var open = new HttpRequestMessage(HttpMethod.Post, "/api/claims")
            {
                Content = JsonContent.Create(new { orderId = "crash-1", reason = "damaged", desiredResolution = "refund" }),
            };
            open.Headers.Authorization = new AuthenticationHeaderValue("Bearer", buyerToken);
            using var opened = await http.SendAsync(open);
            if (opened.StatusCode != HttpStatusCode.Created)
            {
                return false;
            }

            claimId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            return true;
        }, TimeSpan.FromMinutes(1), "the order, to open the claim");
        using var refund = new HttpRequestMessage(HttpMethod.Post, $"/api/claims/{claimId}/actions/accept_full_refund");
        refund.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sellerToken);
        using var refunded = await http.SendAsync(refund);
        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        return claimId!;
    }
}
