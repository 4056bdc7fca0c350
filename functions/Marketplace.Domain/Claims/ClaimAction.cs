namespace Marketplace.Domain.Claims;

/// <summary>What a party (or the workflow) can do to a claim; <see cref="ClaimStateMachine"/> says who, when and to what.</summary>
public enum ClaimAction
{
    /// <summary>The buyer (or the marketplace for them) opened the claim: the timeline's first entry, not a transition.</summary>
    Open,

    /// <summary>Seller: offer part of the order total back (one offer at a time; amount in the order's currency).</summary>
    OfferPartialRefund,

    /// <summary>Seller: refund the order in full.</summary>
    AcceptFullRefund,

    /// <summary>Seller: ask for the item back before refunding.</summary>
    RequestReturn,

    /// <summary>Seller: the returned item arrived; refunds in full.</summary>
    ConfirmReturnReceived,

    /// <summary>Buyer: accept the seller's partial refund offer.</summary>
    AcceptOffer,

    /// <summary>Buyer: reject the offer; the seller may offer again within the window.</summary>
    RejectOffer,

    /// <summary>Buyer: withdraw the claim.</summary>
    Cancel,

    /// <summary>Buyer or seller: ask the marketplace to decide now.</summary>
    Escalate,

    /// <summary>Mediator: refund the buyer (in full, or the amount decided), with a written reason.</summary>
    DecideForBuyer,

    /// <summary>Mediator: close the claim for the seller, with a written reason.</summary>
    DecideForSeller,

    /// <summary>Workflow: the window passed without a resolution; the claim goes to mediation.</summary>
    Expire,

    /// <summary>Workflow, for finance: the refund was rejected; the claim goes back to mediation with finance's reason.</summary>
    RejectRefund,

    /// <summary>Workflow: the refund was paid (a timeline entry only; the state does not change).</summary>
    RefundPaid,

    /// <summary>Marketplace: the returned item was delivered to the seller (a timeline entry only; return.delivered).</summary>
    ReturnDelivered,
}
