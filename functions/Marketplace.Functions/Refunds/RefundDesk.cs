using System.Globalization;
using System.Text;
using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Refunds;
using Marketplace.Functions.EventsOut;
using Marketplace.Storage.Claims;
using Marketplace.Storage.Refunds;
using Marketplace.Workflows.Refunds;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Refunds;

/// <summary>The refund workflow's view of the app: the stored refund, finance's endpoints, callback URLs, and the claim.</summary>
internal sealed class RefundDesk(
    RefundStore refunds, ClaimStore claims, MarketplaceEventOutbox outbox, IOptions<RefundOptions> options, TimeProvider time) : IRefundDesk
{
    public Task<Refund?> GetAsync(string refundId, CancellationToken cancellationToken) => refunds.GetAsync(refundId, cancellationToken);

    public SellerWebhookEndpoint? FinanceEndpoint(string marketplace) =>
        Endpoint(options.Value.FinanceWebhooks.TryGetValue(marketplace, out var own) ? own : options.Value.FinanceWebhook);

    public SellerWebhookEndpoint? EscalationEndpoint() => Endpoint(options.Value.EscalationWebhook);

    public SellerWebhookEndpoint? PaymentEndpoint() => Endpoint(options.Value.Payment);

    public RefundCallbackUrls? CallbackUrls(Refund refund, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(refund);
        var settings = options.Value;
        if (settings.CallbackKey is not { Length: > 0 } key)
        {
            return null;
        }

        var expires = now + settings.CallbackLifetime;
        var step = refund.NextStep;
        return new RefundCallbackUrls(
            Url(settings.PublicBaseUrl, Encoding.UTF8.GetBytes(key), refund.Id, RefundCallbackSignature.Approve, step, expires),
            Url(settings.PublicBaseUrl, Encoding.UTF8.GetBytes(key), refund.Id, RefundCallbackSignature.Reject, step, expires),
            step, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    public async Task<bool> IsReturnDeliveredAsync(string refundId, CancellationToken cancellationToken) =>
        await refunds.GetAsync(refundId, cancellationToken).ConfigureAwait(false) is { } refund
        && (await claims.TimelineAsync(refund.ClaimId, cancellationToken).ConfigureAwait(false)).Any(e => e.Action == ClaimAction.ReturnDelivered);

    public async Task MarkEscalatedAsync(string refundId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await refunds.UpdateAsync(refundId, r => r.EscalatedAt is null ? (r with { EscalatedAt = at }, true) : (r, false), cancellationToken)
            .ConfigureAwait(false);

    public async Task ReturnClaimToMediationAsync(string refundId, CancellationToken cancellationToken)
    {
        var refund = await refunds.GetAsync(refundId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Refund '{refundId}' is not stored.");
        try
        {
            await claims.ActAsync(refund.ClaimId,
                new ClaimRequest(ClaimAction.RejectRefund, ClaimActor.System, refund.DecidedAt ?? time.GetUtcNow(), Reason: refund.RejectionReason),
                "finance:" + refund.RejectedBy, cancellationToken).ConfigureAwait(false);
        }
        catch (MessagingException refused) when (refused.Error == MessagingError.Conflict)
        {
            // An earlier try of this activity already moved it (the claim is in mediation now).
        }

        // The marketplace hears of it as a claim event (the timeline is the claim's outbox); a retried activity asks again.
        await outbox.DeliverAsync(refund.Marketplace, EventStreamName.Claim(refund.ClaimId), cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordPaidAsync(string refundId, string? paymentReference, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (refund, _) = await refunds.UpdateAsync(refundId,
            r => r.State == RefundState.Paid ? (r, false) : (r with { State = RefundState.Paid, PaidAt = at, PaymentReference = paymentReference }, true),
            cancellationToken).ConfigureAwait(false);
        await claims.RecordOnceAsync(refund.ClaimId, ClaimAction.RefundPaid, refund.Id, refund.PaidAt ?? at, refund.Amount,
            refund.PaymentReference is { } reference ? "Payment " + reference : null, cancellationToken).ConfigureAwait(false);
        await outbox.DeliverAsync(refund.Marketplace, EventStreamName.Claim(refund.ClaimId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The callback URL of one refund, action and step, valid until <paramref name="expires"/>.</summary>
    public static Uri Url(Uri baseUrl, byte[] key, string refundId, string action, int step, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var unix = expires.ToUnixTimeSeconds();
        var signature = RefundCallbackSignature.Create(key, refundId, action, step, unix);
        return new Uri(baseUrl, string.Create(CultureInfo.InvariantCulture,
            $"api/refunds/{Uri.EscapeDataString(refundId)}/callbacks/{action}?step={step}&expires={unix}&sig={signature}"));
    }

    private static SellerWebhookEndpoint? Endpoint(RefundEndpointOptions? endpoint) =>
        endpoint is { Url: { } url, Secret: { Length: > 0 } secret } ? new SellerWebhookEndpoint(url, secret) : null;
}
