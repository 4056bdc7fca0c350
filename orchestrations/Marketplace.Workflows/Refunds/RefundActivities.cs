using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Refunds;
using Marketplace.Domain.Webhooks;
using Microsoft.DurableTask;

namespace Marketplace.Workflows.Refunds;

/// <summary>Where the refund stands now (the store is the truth: a decision's event may be lost).</summary>
public sealed class GetRefundProgressActivity(IRefundDesk desk) : TaskActivity<string, RefundProgress>
{
    public override async Task<RefundProgress> RunAsync(TaskActivityContext context, string input) =>
        await desk.GetAsync(input, CancellationToken.None).ConfigureAwait(false) is { } refund
            ? new RefundProgress(refund.State, refund.Approvers.Count)
            : throw new InvalidOperationException($"Refund '{input}' is not stored.");
}

/// <summary>Where a refund stands: its state and how many approvals it has.</summary>
public sealed record RefundProgress(RefundState State, int Approvals);

/// <summary>
/// Sends finance (or the escalation target) a signed webhook about the refund with fresh callback URLs for its current
/// approval step; false when no endpoint is configured (finance then works from the API's queue).
/// </summary>
public sealed class NotifyFinanceActivity(HttpClient http, IRefundDesk desk, TimeProvider time) : TaskActivity<RefundNotice, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RefundNotice input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await desk.GetAsync(input.RefundId, CancellationToken.None).ConfigureAwait(false) is not { } refund
            || (input.ToEscalation ? desk.EscalationEndpoint() : desk.FinanceEndpoint(refund.Marketplace)) is not { } endpoint)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new RefundNoticeBody(
                input.Type, input.IdempotencyKey, refund.Marketplace, refund.Id, refund.ClaimId, refund.OrderId, refund.BuyerId, refund.SellerId,
                refund.Amount, refund.Currency, refund.Reason, refund.AgreedBy, refund.DecisionReason, refund.RequiredApprovals, refund.Approvers,
                refund.RequestedAt, refund.State == RefundState.AwaitingApproval ? desk.CallbackUrls(refund, now) : null, now),
            WorkflowsJsonContext.Default.RefundNoticeBody);
        await SignedWebhookSender.SendAsync(http, endpoint, body, input.IdempotencyKey, now, "finance system").ConfigureAwait(false);
        return true;
    }
}

/// <summary>Whether the item the refund waits for was delivered back (the event may have come before the wait began).</summary>
public sealed class CheckReturnDeliveredActivity(IRefundDesk desk) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => desk.IsReturnDeliveredAsync(input, CancellationToken.None);
}

/// <summary>Records that the approval was escalated.</summary>
public sealed class MarkRefundEscalatedActivity(IRefundDesk desk, TimeProvider time) : TaskActivity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        await desk.MarkEscalatedAsync(input, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>Finance rejected the refund: back to mediation with the reason.</summary>
public sealed class ReturnClaimToMediationActivity(IRefundDesk desk) : TaskActivity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        await desk.ReturnClaimToMediationAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>
/// Asks the payment system to execute the refund, with the refund id as the Idempotency-Key: a retry after a failure, a
/// timeout or a crash (the activity runs again) is the same request, which the payment system executes once. A non-2xx
/// answer throws, so the orchestration retries it with backoff.
/// </summary>
public sealed class ExecuteRefundPaymentActivity(HttpClient http, IRefundDesk desk, TimeProvider time) : TaskActivity<string, string?>
{
    public override async Task<string?> RunAsync(TaskActivityContext context, string input)
    {
        var refund = await desk.GetAsync(input, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Refund '{input}' is not stored.");
        if (refund.State == RefundState.Paid)
        {
            return refund.PaymentReference;
        }

        var endpoint = desk.PaymentEndpoint() ?? throw new InvalidOperationException("No payment endpoint is configured (Refunds:Payment:Url).");
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new RefundPaymentRequest(refund.Id, refund.Marketplace, refund.OrderId, refund.BuyerId, refund.Amount, refund.Currency),
            WorkflowsJsonContext.Default.RefundPaymentRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(body, endpoint.Secret, time.GetUtcNow()));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "refund~" + refund.Id);
        using var response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The payment system answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var result = await response.Content.ReadFromJsonAsync(WorkflowsJsonContext.Default.RefundPaymentResult).ConfigureAwait(false);
        return result?.PaymentId;
    }
}

/// <summary>The payment went through: recorded on the refund and the claim's timeline.</summary>
public sealed class RecordRefundPaidActivity(IRefundDesk desk, TimeProvider time) : TaskActivity<RefundPaid, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RefundPaid input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await desk.RecordPaidAsync(input.RefundId, input.PaymentReference, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>A refund the payment system executed, with its reference.</summary>
public sealed record RefundPaid(string RefundId, string? PaymentReference);
