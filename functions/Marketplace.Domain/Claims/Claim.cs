namespace Marketplace.Domain.Claims;

/// <summary>
/// A post-sale claim on an order: who, why, what the buyer wants, the order's total (the ceiling of any refund), the
/// resolution window, where it stands and how it ended. Changed only through <see cref="ClaimStateMachine.Apply"/>.
/// </summary>
public sealed record Claim(
    string Id,
    string Marketplace,
    string OrderId,
    string BuyerId,
    string SellerId,
    ClaimReason Reason,
    DesiredResolution Desired,
    decimal OrderTotal,
    string Currency,
    ClaimState State,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt)
{
    /// <summary>The seller's pending partial refund offer, while <see cref="ClaimState.PartialRefundOffered"/>.</summary>
    public decimal? OfferedAmount { get; init; }

    /// <summary>What the buyer gets back, once refunded.</summary>
    public decimal? RefundAmount { get; init; }

    /// <summary>Who brought the claim to its final state, and the mediator's written reason.</summary>
    public ClaimActor? ClosedBy { get; init; }

    public string? DecisionReason { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When the seller first answered (an offer, a return request or a full refund): reputation keys on it.</summary>
    public DateTimeOffset? SellerRespondedAt { get; init; }

    /// <summary>When the claim went to mediation, if it did.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    public bool IsFinal => ClaimStateMachine.IsFinal(State);

    public string PartyId(ClaimActor actor) => actor switch
    {
        ClaimActor.Buyer => BuyerId,
        ClaimActor.Seller => SellerId,
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, "Only buyers and sellers are parties to a claim."),
    };
}
