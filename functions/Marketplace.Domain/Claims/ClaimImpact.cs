namespace Marketplace.Domain.Claims;

/// <summary>
/// Whether a closed claim counts against the seller's reputation, and why. No impact: withdrawn by the buyer, decided for
/// the seller, buyer's remorse, or resolved by the seller's own act within the window (a partial refund offered in time and
/// accepted later, or a return asked for in time and received later, count as in time, as on MercadoLibre). Impact: the
/// mediator refunded the buyer, or the seller refunded only after the window had closed.
/// </summary>
public static class ClaimImpact
{
    /// <returns>The impact's reason, or null when the claim does not count against the seller (or is not closed yet).</returns>
    public static string? For(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (!claim.IsFinal || claim.Reason == ClaimReason.ChangedMind
            || claim.State is ClaimState.Cancelled or ClaimState.ClosedForSeller)
        {
            return null;
        }

        return claim.ClosedBy switch
        {
            ClaimActor.Mediator => "refunded_by_mediation",
            ClaimActor.Seller when (claim.SellerRespondedAt ?? claim.ClosedAt) > claim.DueAt => "refunded_after_window",
            _ => null,
        };
    }
}
