using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Marketplace.Storage.Claims;

namespace Marketplace.Functions.Claims;

/// <summary>
/// Who may see a claim and as whom they act: its buyer and seller (on their marketplace) as parties, admins as mediators
/// (every read of theirs is recorded in the audit log), a marketplace's backend reads its own marketplace's claims (also
/// recorded). Anyone else is told the claim does not exist, so ids cannot be probed.
/// </summary>
internal sealed class ClaimAccess(ClaimStore claims, AdminAuditLog audit, TimeProvider time)
{
    public async Task<(StoredClaim Claim, ClaimActor? Actor)> ReadAsync(Caller caller, string claimId, string action, CancellationToken cancellationToken)
    {
        var stored = await claims.GetAsync(claimId, cancellationToken).ConfigureAwait(false) ?? throw NotFound(claimId);
        var claim = stored.Claim;
        var sameMarketplace = string.Equals(caller.Marketplace, claim.Marketplace, StringComparison.Ordinal);
        switch (caller.Role)
        {
            case CallerRole.Buyer when sameMarketplace && claim.BuyerId == caller.PartyId:
                return (stored, ClaimActor.Buyer);
            case CallerRole.Seller when sameMarketplace && claim.SellerId == caller.PartyId:
                return (stored, ClaimActor.Seller);
            case CallerRole.Admin:
                await audit.RecordAsync(stored.ConversationId, CallerRoles.Name(caller.Role), caller.PartyId, action, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return (stored, ClaimActor.Mediator);
            case CallerRole.Marketplace when sameMarketplace:
                await audit.RecordAsync(stored.ConversationId, CallerRoles.Name(caller.Role), caller.PartyId, action, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return (stored, null);
            default:
                throw NotFound(claimId);
        }
    }

    public static MessagingException NotFound(string claimId) =>
        new(MessagingError.NotFound, "claim_not_found", $"Claim '{claimId}' does not exist or is not yours.");
}
