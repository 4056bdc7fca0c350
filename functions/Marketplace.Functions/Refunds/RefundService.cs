using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Refunds;
using Marketplace.Storage.Claims;
using Marketplace.Functions.Returns;
using Marketplace.Storage.Refunds;
using Marketplace.Storage.Returns;
using Marketplace.Workflows.Refunds;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Refunds;

/// <summary>
/// Refunds on the app's side: started when a claim resolves with a refund (its record, then its workflow), and finance's
/// decisions (through the API or a callback URL), stored first and then raised in the waiting workflow.
/// </summary>
internal sealed class RefundService(
    RefundStore refunds, ReturnLabelStore labels, IOptions<RefundOptions> options, IOptions<ReturnOptions> returns, TimeProvider time,
    ILogger<RefundService> logger)
{
    /// <summary>Our id for the refund a claim's transition number <paramref name="version"/> decided (one per resolution).</summary>
    public static string RefundIdFor(string claimId, int version) => $"rf-{claimId}-{version}";

    /// <summary>Starts the refund <paramref name="stored"/>'s resolution owes, if it owes one (idempotent).</summary>
    public async Task<Refund?> StartForClaimAsync(StoredClaim stored, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(durable);
        var claim = stored.Claim;
        if (claim.State is not (ClaimState.RefundedInFull or ClaimState.RefundedInPart) || claim.RefundAmount is not { } amount)
        {
            return null;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        // A mediator refunding a claim whose item is on its way back (a label exists): paid once it arrives. When the seller
        // refunds (confirming the return arrived, or without one) there is nothing to wait for.
        var awaitsReturn = claim.ClosedBy == ClaimActor.Mediator && await labels.ExistsAsync(claim.Id, cancellationToken).ConfigureAwait(false);
        var refund = await refunds.CreateAsync(new Refund(
            RefundIdFor(claim.Id, stored.Version), claim.Id, claim.Marketplace, claim.OrderId, claim.BuyerId, claim.SellerId, amount, claim.Currency,
            ClaimNames.Of(claim.Reason), claim.ClosedBy == ClaimActor.Mediator ? "mediator" : "buyer_and_seller", claim.DecisionReason,
            amount > settings.FourEyesAbove ? 2 : 1, now)
        {
            AwaitsReturnUntil = awaitsReturn ? now + returns.Value.InspectionWindow : null,
        }, cancellationToken).ConfigureAwait(false);
        var input = new RefundWorkflowInput(refund.Id, refund.Marketplace, refund.RequestedAt + settings.ReminderAfter, refund.RequestedAt + settings.EscalateAfter)
        {
            RecheckEvery = settings.RecheckEvery,
            NotificationAttempts = settings.NotificationAttempts,
            NotificationFirstRetry = settings.NotificationFirstRetry,
            PaymentAttempts = settings.PaymentAttempts,
            PaymentFirstRetry = settings.PaymentFirstRetry,
            AwaitReturnUntil = refund.AwaitsReturnUntil,
        };
        var instanceId = RefundOrchestrator.InstanceIdFor(refund.Id);
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(RefundOrchestrator), input,
                new StartOrchestrationOptions { InstanceId = instanceId }.WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]),
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Each host reports "already exists" its own way: what matters is whether it exists.
            if (await durable.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }
        }

        RefundsLog.Started(logger, refund.Id, refund.ClaimId, refund.Amount, refund.Currency, refund.RequiredApprovals);
        return refund;
    }

    /// <summary>
    /// Records a finance decision and wakes the refund's workflow. Asked again (a double click), it answers the refund as
    /// it is; a contradicting decision is 409, the same approver twice under four-eyes is 409.
    /// </summary>
    public async Task<Refund> DecideAsync(
        string refundId, bool approve, string approverId, int? step, string? reason, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var now = time.GetUtcNow();
        var (after, changed) = await refunds.UpdateAsync(refundId,
            r => approve ? RefundDecisions.Approve(r, approverId, step, now) : RefundDecisions.Reject(r, approverId, reason, now), cancellationToken)
            .ConfigureAwait(false);
        var decision = approve ? "approval" : "rejection";
        if (!changed)
        {
            RefundsLog.Repeated(logger, refundId, decision, approverId, RefundDecisions.Name(after.State));
        }
        else
        {
            RefundsLog.Decided(logger, refundId, decision, approverId, RefundDecisions.Name(after.State));
            try
            {
                await durable.RaiseEventAsync(RefundOrchestrator.InstanceIdFor(refundId), RefundOrchestrator.DecisionEvent, approve ? "approve" : "reject",
                    cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The workflow is not there to wake (ended or never started): it reads the refund itself at its next timer.
            }
        }

        return after;
    }

    /// <summary>Whether <paramref name="marketplace"/> (a finance token's, or null for all) may see the refund.</summary>
    public static bool Sees(string? marketplace, Refund refund) =>
        marketplace is null || string.Equals(marketplace, refund?.Marketplace, StringComparison.Ordinal);

    public static MessagingException NotFound(string refundId) =>
        new(MessagingError.NotFound, "refund_not_found", $"Refund '{refundId}' does not exist or is not yours.");
}
