using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Deadlines;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Refunds;

/// <summary>
/// Refunds on the real engine (DurableTask.AzureStorage on Azurite) with a finance system, an escalation target and a
/// payment system on local ports: approval through the signed URL and the API, rejection, four-eyes, reminder and
/// escalation in seconds, and a payment system that fails (before or after paying) and recovers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RefundWorkflowEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string CallbackKey = "test-refund-callback-key-0123456789abcdef";
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_mediator = new(CallerRole.Admin, "mediator-1", null);
    private static readonly Caller s_alice = new(CallerRole.Finance, "alice", null);
    private static readonly Caller s_bob = new(CallerRole.Finance, "bob", null);

    private MessagingApp _app = null!;
    private SellerWebhookListener _finance = null!;
    private SellerWebhookListener _escalation = null!;
    private FakePaymentServer _payments = null!;

    public async Task InitializeAsync()
    {
        _finance = await SellerWebhookListener.StartAsync("finance-webhook-secret-00001");
        _escalation = await SellerWebhookListener.StartAsync("escalation-webhook-secret-01");
        _payments = await FakePaymentServer.StartAsync("payment-system-secret-000001");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _finance.DisposeAsync();
        await _escalation.DisposeAsync();
        await _payments.DisposeAsync();
    }

    [Fact]
    public async Task ApproveThroughSignedUrl_TwiceIsOneDecision_PaidOnce_RecordedOnTheClaimTimeline()
    {
        Start();
        // The marketplace hears of the payment as one of the claim's events.
        await using var marketplace = await SellerWebhookListener.StartAsync("amazon-events-secret-000001");
        using (var backend = _app.ClientFor(new Caller(CallerRole.Marketplace, "amazon-backend", "amazon")))
        {
            Assert.Equal(HttpStatusCode.OK, (await backend.PutAsJsonAsync("/api/marketplace/events-webhook", new { url = marketplace.Url, secret = marketplace.Secret })).StatusCode);
        }

        var claimId = await ResolveWithFullRefundAsync("r-1", 60m);
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);
        Assert.Equal(60m, request.GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", request.GetProperty("currency").GetString());
        Assert.Equal("buyer_and_seller", request.GetProperty("agreedBy").GetString());
        Assert.Equal("damaged", request.GetProperty("reason").GetString());
        var approve = Callback(request, "approve");

        using var first = await _app.CreateClient().PostAsync(approve, null);
        using var second = await _app.CreateClient().PostAsync(approve, null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var once = await MessagingApp.JsonAsync(first);
        var again = await MessagingApp.JsonAsync(second);
        Assert.Equal(["callback:1"], once.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal(once.GetProperty("decidedAt").GetDateTimeOffset(), again.GetProperty("decidedAt").GetDateTimeOffset());
        var refundId = once.GetProperty("id").GetString()!;
        var paid = await PaidAsync(refundId);
        Assert.Equal(1, _payments.Payments);
        Assert.Equal(_payments.Executed.Single().Value.PaymentId, paid.GetProperty("paymentReference").GetString());
        Assert.Equal("refund~" + refundId, _payments.Executed.Single().Key);
        await MessagingApp.EventuallyAsync(async () => (await TimelineAsync(claimId)).Contains("refund_paid"), "the payment on the claim's timeline");
        Assert.Equal(["open", "accept_full_refund", "refund_paid"], await TimelineAsync(claimId));
        string[] ClaimActions() => [.. marketplace.Received.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(e => e.GetProperty("stream").GetString() == $"claim:{claimId}").Select(e => e.GetProperty("data").GetProperty("action").GetString()!)];
        await MessagingApp.EventuallyAsync(() => Task.FromResult(ClaimActions().Contains("refund_paid")), "the payment event at the marketplace");
        Assert.Equal(["open", "accept_full_refund", "refund_paid"], ClaimActions());
    }

    [Fact]
    public async Task RejectThroughApi_ClaimGoesBackToMediationWithTheReason_NothingIsPaid_CallbacksAnswerTheDecision()
    {
        Start();
        var claimId = await ResolveWithFullRefundAsync("r-2", 40m);
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);
        var refundId = request.GetProperty("refundId").GetString()!;

        using var rejected = await _app.ClientFor(s_alice).PostAsJsonAsync($"/api/finance/refunds/{refundId}/reject",
            new { reason = "The buyer was already refunded by card chargeback." });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("rejected", (await MessagingApp.JsonAsync(rejected)).GetProperty("state").GetString());
        await MessagingApp.EventuallyAsync(async () => (await ClaimAsync(claimId)).GetProperty("state").GetString() == "in_mediation",
            "the claim back in mediation");
        var claim = await ClaimAsync(claimId);
        Assert.Equal("The buyer was already refunded by card chargeback.", claim.GetProperty("decisionReason").GetString());
        Assert.Equal(["open", "accept_full_refund", "reject_refund"], await TimelineAsync(claimId));
        using var rejectAgain = await _app.CreateClient().PostAsJsonAsync(Callback(request, "reject"), new { reason = "Duplicate." });
        Assert.Equal(HttpStatusCode.OK, rejectAgain.StatusCode);
        Assert.Equal("alice", (await MessagingApp.JsonAsync(rejectAgain)).GetProperty("rejectedBy").GetString());
        using var approveLate = await _app.CreateClient().PostAsync(Callback(request, "approve"), null);
        Assert.Equal(HttpStatusCode.Conflict, approveLate.StatusCode);
        Assert.Equal("refund_already_decided", (await MessagingApp.JsonAsync(approveLate)).GetProperty("code").GetString());
        Assert.Equal(0, _payments.Payments);
    }

    [Fact]
    public async Task AboveTheFourEyesAmount_TwoDifferentApprovers_TheSameOneTwiceIsRefused()
    {
        Start(("Refunds:FourEyesAbove", "50"));
        var claimId = await ResolveWithFullRefundAsync("r-3", 80m);
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);
        var refundId = request.GetProperty("refundId").GetString()!;
        Assert.Equal(2, request.GetProperty("requiredApprovals").GetInt32());

        using var alice = await _app.ClientFor(s_alice).PostAsync($"/api/finance/refunds/{refundId}/approve", null);
        using var aliceAgain = await _app.ClientFor(s_alice).PostAsync($"/api/finance/refunds/{refundId}/approve", null);

        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal("awaiting_approval", (await MessagingApp.JsonAsync(alice)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, aliceAgain.StatusCode);
        Assert.Equal("refund_same_approver", (await MessagingApp.JsonAsync(aliceAgain)).GetProperty("code").GetString());
        var second = await NoticeAsync(_finance, "refund.second_approval_requested", claimId);
        Assert.Equal(["alice"], second.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal(2, second.GetProperty("callbacks").GetProperty("step").GetInt32());
        // The first request's approve URL is step 1, which alice took: a repeat, not a second approval.
        using var stepOneAgain = await _app.CreateClient().PostAsync(Callback(request, "approve"), null);
        Assert.Equal("awaiting_approval", (await MessagingApp.JsonAsync(stepOneAgain)).GetProperty("state").GetString());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, _payments.Payments);

        using var bob = await _app.ClientFor(s_bob).PostAsync($"/api/finance/refunds/{refundId}/approve", null);

        Assert.Equal("approved", (await MessagingApp.JsonAsync(bob)).GetProperty("state").GetString());
        var paid = await PaidAsync(refundId);
        Assert.Equal(["alice", "bob"], paid.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal(1, _payments.Payments);
    }

    [Fact]
    public async Task NobodyDecides_FinanceIsReminded_ThenTheSecondApproverGetsTheEscalation_ThenApproves()
    {
        Start(("Refunds:ReminderAfter", "00:00:04"), ("Refunds:EscalateAfter", "00:00:08"));
        var claimId = await ResolveWithFullRefundAsync("r-4", 30m);
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);
        var requestedAt = request.GetProperty("requestedAt").GetDateTimeOffset();

        var reminder = await NoticeAsync(_finance, "refund.approval_reminder", claimId);
        var escalation = await NoticeAsync(_escalation, "refund.approval_escalated", claimId);

        Assert.True(reminder.GetProperty("sentAt").GetDateTimeOffset() >= requestedAt.AddSeconds(4), "Reminded early.");
        Assert.True(escalation.GetProperty("sentAt").GetDateTimeOffset() >= requestedAt.AddSeconds(8), "Escalated early.");
        Assert.All(_escalation.Received, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.DoesNotContain(_finance.Received, r => r.Body.Contains("refund.approval_escalated", StringComparison.Ordinal));
        var refundId = escalation.GetProperty("refundId").GetString()!;
        var stored = await MessagingApp.JsonAsync(await _app.ClientFor(s_alice).GetAsync($"/api/finance/refunds/{refundId}"));
        Assert.NotEqual(JsonValueKind.Null, stored.GetProperty("escalatedAt").ValueKind);

        using var approved = await _app.CreateClient().PostAsync(Callback(escalation, "approve"), null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await PaidAsync(refundId);
        Assert.Equal(1, _payments.Payments);
    }

    [Fact]
    public async Task PaymentSystemFailsThenRecovers_PaidExactlyOnce()
    {
        _payments.FailBeforePaying(2);
        Start();
        var claimId = await ResolveWithFullRefundAsync("r-5", 25m);
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().PostAsync(Callback(request, "approve"), null)).StatusCode);

        await PaidAsync(request.GetProperty("refundId").GetString()!);
        Assert.Equal([503, 503, 200], _payments.Requests.Select(r => r.Status));
        Assert.Single(_payments.Requests.Select(r => r.Key).Distinct());
        Assert.All(_payments.Requests, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.Equal(1, _payments.Payments);
    }

    [Fact]
    public async Task PaymentMadeButItsAnswerLost_TheRetryWithTheSameKeyDoesNotPayTwice()
    {
        // What a crash between the payment and its record looks like from the app: the payment system paid, the app never
        // heard; the activity runs again with the refund's idempotency key.
        _payments.FailAfterPaying(1);
        Start();
        var claimId = await ResolveWithFullRefundAsync("r-6", 35m);
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().PostAsync(Callback(request, "approve"), null)).StatusCode);

        var paid = await PaidAsync(request.GetProperty("refundId").GetString()!);
        Assert.Equal([500, 200], _payments.Requests.Select(r => r.Status));
        Assert.Equal(1, _payments.Payments);
        Assert.Equal(_payments.Executed.Single().Value.PaymentId, paid.GetProperty("paymentReference").GetString());
    }

    [Fact]
    public async Task MediatorRefundsAReturn_ApprovedRefundWaitsForReturnDelivered_ThenPaid()
    {
        Start(("Returns:InspectionWindow", "00:05:00"));
        var claimId = await ResolveByMediatorAfterReturnAsync("r-7");
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);
        Assert.Equal("mediator", request.GetProperty("agreedBy").GetString());
        var refundId = request.GetProperty("refundId").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().PostAsync(Callback(request, "approve"), null)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var waiting = await MessagingApp.JsonAsync(await _app.ClientFor(s_alice).GetAsync($"/api/finance/refunds/{refundId}"));
        Assert.Equal("approved", waiting.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, waiting.GetProperty("awaitsReturnUntil").ValueKind);
        Assert.Equal(0, _payments.Payments);

        using var delivered = await _app.PostWebhookAsync("amazon", MessagingApp.Envelope("evt-rd-1", "return.delivered",
            $$"""{"claimId":"{{claimId}}","trackingNumber":"1Z999AA10123456784","deliveredAt":"{{DateTimeOffset.UtcNow:O}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
        await PaidAsync(refundId);
        Assert.Equal(1, _payments.Payments);
        await MessagingApp.EventuallyAsync(async () => (await TimelineAsync(claimId)).Contains("refund_paid"), "the payment on the claim's timeline");
        Assert.Equal(["open", "request_return", "escalate", "decide_for_buyer", "return_delivered", "refund_paid"], await TimelineAsync(claimId));
    }

    [Fact]
    public async Task MediatorRefundsAReturn_NoDeliveryWord_PaidWhenTheInspectionWindowEnds()
    {
        Start(("Returns:InspectionWindow", "00:00:06"));
        var claimId = await ResolveByMediatorAfterReturnAsync("r-8");
        var request = await NoticeAsync(_finance, "refund.approval_requested", claimId);
        var requestedAt = request.GetProperty("requestedAt").GetDateTimeOffset();

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().PostAsync(Callback(request, "approve"), null)).StatusCode);

        var paid = await PaidAsync(request.GetProperty("refundId").GetString()!);
        Assert.True(paid.GetProperty("paidAt").GetDateTimeOffset() >= requestedAt.AddSeconds(6), "Paid before the inspection window ended.");
        Assert.Equal(1, _payments.Payments);
    }

    private void Start(params (string Key, string Value)[] settings)
    {
        var app = (MessagingApp)new MessagingApp(azurite)
            .WithSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200")
            .WithSetting("DurableTask:WorkerEnabled", "true")
            .WithSetting("Deadlines:AllowLoopbackWebhooks", "true") // finance, escalation and payments listen on 127.0.0.1, over http
            .WithSetting("Refunds:CallbackKey", CallbackKey)
            .WithSetting("Refunds:PublicBaseUrl", "http://localhost/")
            .WithSetting("Refunds:FinanceWebhook:Url", _finance.Url.ToString())
            .WithSetting("Refunds:FinanceWebhook:Secret", _finance.Secret)
            .WithSetting("Refunds:EscalationWebhook:Url", _escalation.Url.ToString())
            .WithSetting("Refunds:EscalationWebhook:Secret", _escalation.Secret)
            .WithSetting("Refunds:Payment:Url", _payments.Url.ToString())
            .WithSetting("Refunds:Payment:Secret", _payments.Secret)
            .WithSetting("Refunds:PaymentFirstRetry", "00:00:01")
            .WithSetting("Refunds:NotificationFirstRetry", "00:00:01");
        foreach (var (key, value) in settings)
        {
            app.WithSetting(key, value);
        }

        _app = app;
    }

    private async Task<string> ResolveWithFullRefundAsync(string orderId, decimal total)
    {
        await _app.SeedOrderAsync(orderId, "b-1", "s-1", total: new OrderTotal(total, "EUR"));
        var opened = await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims",
            new { orderId, reason = "damaged", desiredResolution = "refund" }));
        var id = opened.GetProperty("id").GetString()!;
        using var refunded = await _app.ClientFor(s_seller).PostAsync($"/api/claims/{id}/actions/accept_full_refund", null);
        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        return id;
    }

    private async Task<string> ResolveByMediatorAfterReturnAsync(string orderId)
    {
        await _app.SeedOrderAsync(orderId, "b-1", "s-1", total: new OrderTotal(70m, "EUR"));
        var id = (await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).PostAsJsonAsync("/api/claims",
            new { orderId, reason = "not_as_described", desiredResolution = "return" }))).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_seller).PostAsync($"/api/claims/{id}/actions/request_return", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientFor(s_buyer).PostAsync($"/api/claims/{id}/actions/escalate", null)).StatusCode);
        using var decided = await _app.ClientFor(s_mediator).PostAsJsonAsync($"/api/claims/{id}/actions/decide_for_buyer",
            new { reason = "The photos show another colour than the listing; refund once the item is back." });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        return id;
    }

    private static async Task<JsonElement> NoticeAsync(SellerWebhookListener listener, string type, string claimId)
    {
        static bool Matches(string body, string type, string claimId) =>
            body.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal) && body.Contains(claimId, StringComparison.Ordinal);
        await MessagingApp.EventuallyAsync(() => Task.FromResult(listener.Received.Any(r => Matches(r.Body, type, claimId))), type);
        var received = listener.Received.First(r => Matches(r.Body, type, claimId));
        Assert.Equal(SignatureCheck.Valid, received.Signature);
        return JsonDocument.Parse(received.Body).RootElement.Clone();
    }

    private static string Callback(JsonElement notice, string action) =>
        new Uri(notice.GetProperty("callbacks").GetProperty(action).GetString()!).PathAndQuery;

    private async Task<JsonElement> PaidAsync(string refundId)
    {
        JsonElement refund = default;
        await MessagingApp.EventuallyAsync(async () =>
        {
            refund = await MessagingApp.JsonAsync(await _app.ClientFor(s_alice).GetAsync($"/api/finance/refunds/{refundId}"));
            return refund.GetProperty("state").GetString() == "paid";
        }, "the refund to be paid");
        return refund;
    }

    private async Task<JsonElement> ClaimAsync(string claimId) =>
        await MessagingApp.JsonAsync(await _app.ClientFor(s_mediator).GetAsync($"/api/claims/{claimId}"));

    private async Task<string[]> TimelineAsync(string claimId) =>
        [.. (await MessagingApp.JsonAsync(await _app.ClientFor(s_buyer).GetAsync($"/api/claims/{claimId}/timeline")))
            .EnumerateArray().Select(e => e.GetProperty("action").GetString()!)];
}
