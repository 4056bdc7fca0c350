namespace Marketplace.Domain.Claims;

/// <summary>
/// One legal move of the claim state machine: from a state, an action, who may take it, the state it leads to, and
/// whether it must happen before the claim's <see cref="Claim.DueAt"/> (the seller's resolution window).
/// </summary>
/// <param name="To">The resulting state (a mediator's decision for the buyer of less than the total is RefundedInPart).</param>
public sealed record ClaimTransition(
    ClaimState From, ClaimAction Action, IReadOnlyList<ClaimActor> Actors, ClaimState To, bool BeforeDueOnly, bool AfterDueOnly = false);
