using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Functions.EventsOut;
using Marketplace.Storage.Claims;
using Marketplace.Workflows.Claims;

namespace Marketplace.Functions.Claims;

/// <summary>The claim workflow's view of a claim: is it still the window's business, and expiring it into mediation.</summary>
internal sealed class ClaimWindow(ClaimStore claims, MarketplaceEventOutbox outbox, TimeProvider time) : IClaimWindow
{
    public async Task<bool> IsAwaitingSellerAsync(string claimId, CancellationToken cancellationToken) =>
        await claims.GetAsync(claimId, cancellationToken).ConfigureAwait(false) is { } stored && ClaimStateMachine.AwaitsSeller(stored.Claim.State);

    public async Task<bool> ExpireAsync(string claimId, CancellationToken cancellationToken)
    {
        try
        {
            var expired = await claims.ActAsync(claimId, new ClaimRequest(ClaimAction.Expire, ClaimActor.System, time.GetUtcNow()), "workflow", cancellationToken)
                .ConfigureAwait(false);
            // A crash or failure before this is repaired by the activity's retry (or redelivery), which delivers in the branch below.
            await outbox.DeliverAsync(expired.Claim.Marketplace, EventStreamName.Claim(claimId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MessagingException refused) when (refused.Error == MessagingError.Conflict)
        {
            // The parties settled or escalated it first, or an earlier try of this activity expired it (then the window did
            // expire it): nothing to do but make sure the marketplace hears of it.
            if (await claims.GetAsync(claimId, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                return false;
            }

            await outbox.DeliverAsync(stored.Claim.Marketplace, EventStreamName.Claim(claimId), cancellationToken).ConfigureAwait(false);
            return (await claims.TimelineAsync(claimId, cancellationToken).ConfigureAwait(false)).Any(e => e.Action == ClaimAction.Expire);
        }
    }
}
