using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;

namespace Marketplace.Domain.Refunds;

/// <summary>
/// Finance's decisions on a refund. Approving: each approver once; above the four-eyes amount two different approvers.
/// A decision asked again (a double click, a retried callback) is answered with the refund as it is, unchanged; a
/// decision that contradicts the one taken is 409.
/// </summary>
public static class RefundDecisions
{
    /// <summary>The approver id recorded for an approval through a signed callback URL of <paramref name="step"/>.</summary>
    public static string CallbackApprover(int step) => $"callback:{step}";

    /// <summary>
    /// The refund after <paramref name="approverId"/> approves it, and whether anything changed. <paramref name="step"/>
    /// is the step a callback URL was issued for (null through the API): a step already taken is a repeat, not a new approval.
    /// </summary>
    public static (Refund Refund, bool Changed) Approve(Refund refund, string approverId, int? step, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentException.ThrowIfNullOrWhiteSpace(approverId);
        if (refund.State is RefundState.Rejected)
        {
            throw new MessagingException(MessagingError.Conflict, "refund_already_decided",
                $"Refund '{refund.Id}' was rejected by {refund.RejectedBy}; it cannot be approved now (the claim is back in mediation).");
        }

        var repeat = step is { } s ? s <= refund.Approvers.Count : refund.Approvers.Contains(approverId, StringComparer.Ordinal);
        if (repeat && (step is not null || refund.State is not RefundState.AwaitingApproval))
        {
            return (refund, false);
        }

        if (repeat)
        {
            throw new MessagingException(MessagingError.Conflict, "refund_same_approver",
                $"Refund '{refund.Id}' ({refund.Amount} {refund.Currency}) needs {refund.RequiredApprovals} different approvers and you already approved it; "
                + "another finance approver must approve it.");
        }

        if (refund.State is not RefundState.AwaitingApproval || (step is { } asked && asked != refund.NextStep))
        {
            // An approval link of a later step than the refund is at cannot be issued by us; anything else is already decided.
            return (refund, false);
        }

        var approvers = refund.Approvers.Append(approverId).ToArray();
        var done = approvers.Length >= refund.RequiredApprovals;
        return (refund with { Approvers = approvers, State = done ? RefundState.Approved : RefundState.AwaitingApproval, DecidedAt = done ? at : null }, true);
    }

    /// <summary>The refund after <paramref name="approverId"/> rejects it with <paramref name="reason"/>, and whether anything changed.</summary>
    public static (Refund Refund, bool Changed) Reject(Refund refund, string approverId, string? reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentException.ThrowIfNullOrWhiteSpace(approverId);
        if (refund.State is RefundState.Rejected)
        {
            return (refund, false);
        }

        if (refund.State is not RefundState.AwaitingApproval)
        {
            throw new MessagingException(MessagingError.Conflict, "refund_already_decided",
                $"Refund '{refund.Id}' is already {Name(refund.State)}; it cannot be rejected now.");
        }

        var written = reason?.Trim() is { Length: > 0 and <= ClaimStateMachine.MaxReasonLength } text
            ? text
            : throw new MessagingException(MessagingError.Invalid, "refund_reason_required",
                $"Give the reason for rejecting the refund (1 to {ClaimStateMachine.MaxReasonLength} characters): the mediator and both parties read it.");
        return (refund with { State = RefundState.Rejected, RejectedBy = approverId, RejectionReason = written, DecidedAt = at }, true);
    }

    public static string Name(RefundState state) => ClaimNames.Of(state);
}
