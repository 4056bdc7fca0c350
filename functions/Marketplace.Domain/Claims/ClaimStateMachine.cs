using Marketplace.Domain.Conversations;

namespace Marketplace.Domain.Claims;

/// <summary>
/// The claim state machine, published as is (GET /api/claims/states and the README's diagram): every legal transition,
/// who may make it and until when. Anything else is refused with a sentence naming the current state and what is allowed.
/// </summary>
public static class ClaimStateMachine
{
    private static readonly ClaimActor[] Seller = [ClaimActor.Seller];
    private static readonly ClaimActor[] Buyer = [ClaimActor.Buyer];
    private static readonly ClaimActor[] Parties = [ClaimActor.Buyer, ClaimActor.Seller];
    private static readonly ClaimActor[] Mediator = [ClaimActor.Mediator];
    private static readonly ClaimActor[] Workflow = [ClaimActor.System];

    /// <summary>The longest written reason a mediator may give.</summary>
    public const int MaxReasonLength = 2000;

    public static IReadOnlyList<ClaimTransition> Transitions { get; } =
    [
        new(ClaimState.Opened, ClaimAction.OfferPartialRefund, Seller, ClaimState.PartialRefundOffered, BeforeDueOnly: true),
        new(ClaimState.Opened, ClaimAction.AcceptFullRefund, Seller, ClaimState.RefundedInFull, BeforeDueOnly: true),
        new(ClaimState.Opened, ClaimAction.RequestReturn, Seller, ClaimState.ReturnRequested, BeforeDueOnly: true),
        new(ClaimState.Opened, ClaimAction.Cancel, Buyer, ClaimState.Cancelled, BeforeDueOnly: false),
        new(ClaimState.Opened, ClaimAction.Escalate, Parties, ClaimState.InMediation, BeforeDueOnly: false),
        new(ClaimState.Opened, ClaimAction.Expire, Workflow, ClaimState.InMediation, BeforeDueOnly: false, AfterDueOnly: true),

        new(ClaimState.PartialRefundOffered, ClaimAction.AcceptOffer, Buyer, ClaimState.RefundedInPart, BeforeDueOnly: false),
        new(ClaimState.PartialRefundOffered, ClaimAction.RejectOffer, Buyer, ClaimState.Opened, BeforeDueOnly: false),
        new(ClaimState.PartialRefundOffered, ClaimAction.AcceptFullRefund, Seller, ClaimState.RefundedInFull, BeforeDueOnly: true),
        new(ClaimState.PartialRefundOffered, ClaimAction.Cancel, Buyer, ClaimState.Cancelled, BeforeDueOnly: false),
        new(ClaimState.PartialRefundOffered, ClaimAction.Escalate, Parties, ClaimState.InMediation, BeforeDueOnly: false),
        new(ClaimState.PartialRefundOffered, ClaimAction.Expire, Workflow, ClaimState.InMediation, BeforeDueOnly: false, AfterDueOnly: true),

        // A return under way is the seller's answer: the window no longer runs, but either party may still escalate.
        new(ClaimState.ReturnRequested, ClaimAction.ConfirmReturnReceived, Seller, ClaimState.RefundedInFull, BeforeDueOnly: false),
        new(ClaimState.ReturnRequested, ClaimAction.Cancel, Buyer, ClaimState.Cancelled, BeforeDueOnly: false),
        new(ClaimState.ReturnRequested, ClaimAction.Escalate, Parties, ClaimState.InMediation, BeforeDueOnly: false),

        new(ClaimState.InMediation, ClaimAction.DecideForBuyer, Mediator, ClaimState.RefundedInFull, BeforeDueOnly: false),
        new(ClaimState.InMediation, ClaimAction.DecideForSeller, Mediator, ClaimState.ClosedForSeller, BeforeDueOnly: false),
        new(ClaimState.InMediation, ClaimAction.AcceptFullRefund, Seller, ClaimState.RefundedInFull, BeforeDueOnly: false),
        new(ClaimState.InMediation, ClaimAction.Cancel, Buyer, ClaimState.Cancelled, BeforeDueOnly: false),

        // A refund is final for the parties, but finance may still reject it: then a mediator decides again.
        new(ClaimState.RefundedInFull, ClaimAction.RejectRefund, Workflow, ClaimState.InMediation, BeforeDueOnly: false),
        new(ClaimState.RefundedInPart, ClaimAction.RejectRefund, Workflow, ClaimState.InMediation, BeforeDueOnly: false),
    ];

    /// <summary>Whether the seller's resolution window governs a claim in <paramref name="state"/> (its reminders and expiry).</summary>
    public static bool AwaitsSeller(ClaimState state) => state is ClaimState.Opened or ClaimState.PartialRefundOffered;

    public static bool IsFinal(ClaimState state) =>
        state is ClaimState.RefundedInFull or ClaimState.RefundedInPart or ClaimState.ClosedForSeller or ClaimState.Cancelled;

    /// <summary>What <paramref name="actor"/> may do to <paramref name="claim"/> at <paramref name="now"/>, with each action's deadline.</summary>
    public static IReadOnlyList<AvailableAction> AvailableActions(Claim claim, ClaimActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return [.. Transitions
            .Where(t => t.From == claim.State && t.Actors.Contains(actor) && Timely(t, claim, now))
            .Select(t => new AvailableAction(t.Action, t.BeforeDueOnly ? claim.DueAt : null))];
    }

    /// <summary>
    /// The claim after <paramref name="request"/>, or a <see cref="MessagingException"/> saying why not: 409 for a move the
    /// state machine does not allow now (naming the state and the allowed actions), 403 for the wrong actor, 400 for a bad
    /// amount or a missing reason.
    /// </summary>
    public static Claim Apply(Claim claim, ClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(request);
        var candidates = Transitions.Where(t => t.From == claim.State && t.Action == request.Action).ToArray();
        if (candidates.Length == 0)
        {
            throw Illegal(claim, request, $"'{Name(request.Action)}' is not possible in state '{Name(claim.State)}'.");
        }

        var transition = candidates.FirstOrDefault(t => t.Actors.Contains(request.Actor))
            ?? throw new MessagingException(MessagingError.Forbidden, "claim_action_not_yours",
                $"Only the {string.Join(" or ", candidates.SelectMany(t => t.Actors).Distinct().Select(Name))} may '{Name(request.Action)}'.");
        if (!Timely(transition, claim, request.At))
        {
            throw Illegal(claim, request, transition.AfterDueOnly
                ? $"The resolution window runs until {claim.DueAt:O}."
                : $"The seller's resolution window closed at {claim.DueAt:O}; the claim goes to mediation.");
        }

        var next = claim with { State = transition.To };
        switch (request.Action)
        {
            case ClaimAction.OfferPartialRefund:
                next = next with { OfferedAmount = PartialAmount(claim, request.Amount) };
                break;
            case ClaimAction.RejectOffer:
                next = next with { OfferedAmount = null };
                break;
            case ClaimAction.AcceptOffer:
                next = next with { RefundAmount = claim.OfferedAmount, OfferedAmount = null };
                break;
            case ClaimAction.AcceptFullRefund or ClaimAction.ConfirmReturnReceived:
                next = next with { RefundAmount = claim.OrderTotal, OfferedAmount = null };
                break;
            case ClaimAction.DecideForBuyer:
                var amount = request.Amount is null ? claim.OrderTotal : RefundAmount(claim, request.Amount.Value);
                next = next with
                {
                    State = amount == claim.OrderTotal ? ClaimState.RefundedInFull : ClaimState.RefundedInPart,
                    RefundAmount = amount,
                    DecisionReason = WrittenReason(request.Reason),
                };
                break;
            case ClaimAction.DecideForSeller:
                next = next with { DecisionReason = WrittenReason(request.Reason) };
                break;
            case ClaimAction.Escalate or ClaimAction.Expire:
                next = next with { EscalatedAt = request.At, OfferedAmount = null };
                break;
            case ClaimAction.RejectRefund:
                next = next with
                {
                    RefundAmount = null, ClosedBy = null, ClosedAt = null, EscalatedAt = request.At,
                    DecisionReason = request.Reason?.Trim() is { Length: > 0 } why ? why : "The refund was rejected by finance.",
                };
                break;
        }

        if (request.Action is ClaimAction.OfferPartialRefund or ClaimAction.RequestReturn or ClaimAction.AcceptFullRefund)
        {
            next = next with { SellerRespondedAt = claim.SellerRespondedAt ?? request.At };
        }

        return IsFinal(next.State) ? next with { ClosedBy = request.Actor, ClosedAt = request.At } : next;
    }

    public static string Name(ClaimState state) => ClaimNames.Of(state);

    public static string Name(ClaimAction action) => ClaimNames.Of(action);

    public static string Name(ClaimActor actor) => ClaimNames.Of(actor);

    private static bool Timely(ClaimTransition transition, Claim claim, DateTimeOffset now) =>
        (!transition.BeforeDueOnly || now < claim.DueAt) && (!transition.AfterDueOnly || now >= claim.DueAt);

    private static MessagingException Illegal(Claim claim, ClaimRequest request, string why)
    {
        var allowed = AvailableActions(claim, request.Actor, request.At).Select(a => Name(a.Action)).ToArray();
        return new MessagingException(MessagingError.Conflict, "claim_action_not_allowed",
            $"{why} The claim is '{Name(claim.State)}'; you may now: {(allowed.Length == 0 ? "nothing" : string.Join(", ", allowed))}.");
    }

    private static decimal PartialAmount(Claim claim, decimal? amount)
    {
        var value = amount ?? throw new MessagingException(MessagingError.Invalid, "claim_amount_required",
            $"Offer an amount in {claim.Currency}, more than 0 and less than the order total {claim.OrderTotal} (for the whole total, accept a full refund).");
        return value > 0 && value < claim.OrderTotal && decimal.Round(value, 2) == value
            ? value
            : throw new MessagingException(MessagingError.Invalid, "claim_amount_invalid",
                $"The amount must be more than 0 and less than the order total {claim.OrderTotal} {claim.Currency}, with at most 2 decimals.");
    }

    private static decimal RefundAmount(Claim claim, decimal amount) =>
        amount > 0 && amount <= claim.OrderTotal && decimal.Round(amount, 2) == amount
            ? amount
            : throw new MessagingException(MessagingError.Invalid, "claim_amount_invalid",
                $"The refund must be more than 0 and at most the order total {claim.OrderTotal} {claim.Currency}, with at most 2 decimals.");

    private static string WrittenReason(string? reason) =>
        reason?.Trim() is { Length: > 0 and <= MaxReasonLength } written
            ? written
            : throw new MessagingException(MessagingError.Invalid, "claim_reason_required",
                $"A mediator's decision needs a written reason (1 to {MaxReasonLength} characters) that both parties will read.");
}
