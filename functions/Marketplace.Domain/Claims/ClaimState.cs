namespace Marketplace.Domain.Claims;

/// <summary>
/// Where a claim stands. The last four are final for the parties: only finance rejecting a refund moves a refunded claim
/// (back to mediation).
/// </summary>
public enum ClaimState
{
    /// <summary>Waiting for the seller, within the resolution window.</summary>
    Opened,

    /// <summary>The seller offered a partial refund; waiting for the buyer to accept or reject it.</summary>
    PartialRefundOffered,

    /// <summary>The seller asked for the item back; refunded in full once the seller confirms it arrived.</summary>
    ReturnRequested,

    /// <summary>Escalated (by a party, or by the window expiring): the marketplace's mediator decides.</summary>
    InMediation,

    RefundedInFull,
    RefundedInPart,

    /// <summary>The mediator decided for the seller.</summary>
    ClosedForSeller,

    /// <summary>The buyer withdrew the claim.</summary>
    Cancelled,
}
