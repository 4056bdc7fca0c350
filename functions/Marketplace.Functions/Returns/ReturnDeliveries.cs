using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.EventsOut;
using Marketplace.Storage.Claims;
using Marketplace.Storage.Refunds;
using Marketplace.Workflows.Refunds;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Returns;

/// <summary>
/// return.delivered: recorded on the claim's timeline (once, however often it is delivered), then raised in the claim's
/// refund workflow if one waits for it. The timeline is the truth: a refund started later sees the delivery there.
/// </summary>
internal sealed class ReturnDeliveries(ClaimStore claims, RefundStore refunds, MarketplaceEventOutbox outbox)
{
    public async Task DeliveredAsync(ReturnDelivered delivered, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        ArgumentNullException.ThrowIfNull(durable);
        if (await claims.GetAsync(delivered.ClaimId, cancellationToken).ConfigureAwait(false) is not { } stored
            || stored.Claim.Marketplace != delivered.Marketplace)
        {
            throw new MessagingException(MessagingError.NotFound, "claim_not_found",
                $"{delivered.Marketplace} has no claim '{delivered.ClaimId}': return.delivered names our claim id (the 'id' of GET /api/claims).");
        }

        await claims.RecordOnceAsync(delivered.ClaimId, ClaimAction.ReturnDelivered, "marketplace", delivered.DeliveredAt, null,
            delivered.TrackingNumber is { } tracking ? "Tracking " + tracking : null, cancellationToken).ConfigureAwait(false);
        await outbox.DeliverAsync(stored.Claim.Marketplace, EventStreamName.Claim(delivered.ClaimId), cancellationToken).ConfigureAwait(false);
        if (await refunds.LatestForClaimAsync(delivered.ClaimId, cancellationToken).ConfigureAwait(false) is { } refundId)
        {
            try
            {
                await durable.RaiseEventAsync(RefundOrchestrator.InstanceIdFor(refundId), RefundOrchestrator.ReturnDeliveredEvent, delivered.EventId,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // That refund's workflow has ended: nothing waits for the delivery.
            }
        }
    }
}
