namespace Marketplace.Domain.Refunds;

/// <summary>
/// A refund a claim's resolution owes the buyer, waiting for finance: what (amount, currency), why (the claim's reason and
/// who agreed to it), how many finance approvers it needs, and where it stands. Changed only through <see cref="RefundDecisions"/>
/// and the workflow's payment step.
/// </summary>
public sealed record Refund(
    string Id,
    string ClaimId,
    string Marketplace,
    string OrderId,
    string BuyerId,
    string SellerId,
    decimal Amount,
    string Currency,
    string Reason,
    string AgreedBy,
    string? DecisionReason,
    int RequiredApprovals,
    DateTimeOffset RequestedAt)
{
    public RefundState State { get; init; } = RefundState.AwaitingApproval;

    /// <summary>Who approved it so far, in order (finance user ids, or "callback:{step}" for a signed callback URL).</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    public string? RejectedBy { get; init; }

    public string? RejectionReason { get; init; }

    /// <summary>When finance decided (the last approval, or the rejection).</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    public DateTimeOffset? PaidAt { get; init; }

    /// <summary>The payment system's reference for the executed refund.</summary>
    public string? PaymentReference { get; init; }

    /// <summary>
    /// Set when the refund depends on a return (a mediator refunded a claim whose item is on its way back): it is paid once
    /// the return is delivered (return.delivered) or at this time (the inspection window), whichever comes first.
    /// </summary>
    public DateTimeOffset? AwaitsReturnUntil { get; init; }

    /// <summary>When the approval was escalated to the second approver (no decision in time).</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>The approval step a callback URL for this refund acts on now (1, or 2 under four-eyes once one approved).</summary>
    public int NextStep => Approvers.Count + 1;
}

/// <summary>Where a refund stands.</summary>
public enum RefundState
{
    /// <summary>Waiting for finance (one approver, or two above the four-eyes amount).</summary>
    AwaitingApproval,

    /// <summary>Approved; waiting for the return (if any) and the payment.</summary>
    Approved,

    /// <summary>Finance rejected it; the claim went back to mediation.</summary>
    Rejected,

    /// <summary>The payment system executed it.</summary>
    Paid,
}
