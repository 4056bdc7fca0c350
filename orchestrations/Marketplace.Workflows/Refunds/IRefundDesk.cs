using Marketplace.Domain.Refunds;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows.Refunds;

/// <summary>What the refund workflow asks of the app: the refund as stored, where finance is, and the claim's side of it.</summary>
public interface IRefundDesk
{
    Task<Refund?> GetAsync(string refundId, CancellationToken cancellationToken);

    /// <summary>Where the marketplace's finance system takes approval requests (null: none configured; finance uses the API).</summary>
    SellerWebhookEndpoint? FinanceEndpoint(string marketplace);

    /// <summary>Where an approval that waited too long is escalated to (the second approver); null: none configured.</summary>
    SellerWebhookEndpoint? EscalationEndpoint();

    /// <summary>The payment system's refund endpoint, with the secret its requests are signed with.</summary>
    SellerWebhookEndpoint? PaymentEndpoint();

    /// <summary>Signed approve and reject URLs for the refund's current approval step, and when they expire (null: no key configured).</summary>
    RefundCallbackUrls? CallbackUrls(Refund refund, DateTimeOffset now);

    /// <summary>Whether the refund's claim has its return delivered (return.delivered recorded on its timeline).</summary>
    Task<bool> IsReturnDeliveredAsync(string refundId, CancellationToken cancellationToken);

    Task MarkEscalatedAsync(string refundId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Finance rejected the refund: the claim goes back to mediation with the reason (idempotent).</summary>
    Task ReturnClaimToMediationAsync(string refundId, CancellationToken cancellationToken);

    /// <summary>The payment went through: the refund is paid and the claim's timeline says so (idempotent).</summary>
    Task RecordPaidAsync(string refundId, string? paymentReference, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A refund's callback URLs for one approval step.</summary>
public sealed record RefundCallbackUrls(Uri Approve, Uri Reject, int Step, DateTimeOffset ExpiresAt);
