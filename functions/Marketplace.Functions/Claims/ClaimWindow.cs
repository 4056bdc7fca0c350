using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Storage.Claims;
using Marketplace.Workflows.Claims;

namespace Marketplace.Functions.Claims;

/// <summary>The claim workflow's view of a claim: is it still the window's business, and expiring it into mediation.</summary>
internal sealed class ClaimWindow(ClaimStore claims, TimeProvider time) : IClaimWindow
{
    public async Task<bool> IsAwaitingSellerAsync(string claimId, CancellationToken cancellationToken) =>
        await claims.GetAsync(claimId, cancellationToken).ConfigureAwait(false) is { } stored && ClaimStateMachine.AwaitsSeller(stored.Claim.State);

    public async Task<bool> ExpireAsync(string claimId, CancellationToken cancellationToken)
    {
        try
        {
            await claims.ActAsync(claimId, new ClaimRequest(ClaimAction.Expire, ClaimActor.System, time.GetUtcNow()), "workflow", cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (MessagingException refused) when (refused.Error == MessagingError.Conflict)
        {
            // The parties settled or escalated it first (or an earlier try of this activity expired it): nothing to do.
            return false;
        }
    }
}
