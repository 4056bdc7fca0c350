namespace Marketplace.Domain.Claims;

/// <summary>Why the buyer opened the claim (MercadoLibre groups them as PNR, "product not received", and PDD).</summary>
public enum ClaimReason
{
    NotReceived,
    NotAsDescribed,
    Damaged,
    WrongItem,
    MissingParts,

    /// <summary>Buyer's remorse: never counts against the seller.</summary>
    ChangedMind,
}

/// <summary>What the buyer wants when opening the claim.</summary>
public enum DesiredResolution
{
    Refund,
    Replacement,
    Return,
}

/// <summary>Who may act on a claim.</summary>
public enum ClaimActor
{
    Buyer,
    Seller,

    /// <summary>Marketplace staff deciding an escalated claim (role admin or mediator).</summary>
    Mediator,

    /// <summary>The claim's own workflow (the window expiring).</summary>
    System,
}
