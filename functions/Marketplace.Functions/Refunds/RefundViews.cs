using Marketplace.Domain.Claims;
using Marketplace.Domain.Refunds;

namespace Marketplace.Functions.Refunds;

/// <summary>A refund as finance sees it.</summary>
public sealed record RefundView(
    string Id, string ClaimId, string Marketplace, string OrderId, string BuyerId, string SellerId, decimal Amount, string Currency,
    string Reason, string AgreedBy, string? DecisionReason, string State, int RequiredApprovals, IReadOnlyList<string> Approvers,
    string? RejectedBy, string? RejectionReason, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, DateTimeOffset? EscalatedAt,
    DateTimeOffset? PaidAt, string? PaymentReference, DateTimeOffset? AwaitsReturnUntil)
{
    public static RefundView From(Refund r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RefundView(
            r.Id, r.ClaimId, r.Marketplace, r.OrderId, r.BuyerId, r.SellerId, r.Amount, r.Currency, r.Reason, r.AgreedBy, r.DecisionReason,
            ClaimNames.Of(r.State), r.RequiredApprovals, r.Approvers, r.RejectedBy, r.RejectionReason, r.RequestedAt, r.DecidedAt, r.EscalatedAt,
            r.PaidAt, r.PaymentReference, r.AwaitsReturnUntil);
    }
}

/// <summary>A page of refunds waiting for finance, oldest first.</summary>
public sealed record RefundPage(IReadOnlyList<RefundView> Items, string? NextCursor);

/// <summary>Why finance rejects a refund (required), read by the mediator and both parties.</summary>
public sealed record RejectRefundRequest(string? Reason);
