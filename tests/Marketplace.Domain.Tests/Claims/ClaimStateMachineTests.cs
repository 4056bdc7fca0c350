using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;

namespace Marketplace.Domain.Tests.Claims;

/// <summary>The whole claim state machine as a table: every legal move works, every other one is refused with its reason.</summary>
public sealed class ClaimStateMachineTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = Opened.AddHours(72);
    private static readonly DateTimeOffset InWindow = Opened.AddHours(1);
    private static readonly DateTimeOffset AfterWindow = Due.AddMinutes(1);

    public static TheoryData<ClaimState, ClaimAction, ClaimActor, DateTimeOffset> EveryMoveAtBothTimes()
    {
        var data = new TheoryData<ClaimState, ClaimAction, ClaimActor, DateTimeOffset>();
        foreach (var state in Enum.GetValues<ClaimState>())
        {
            foreach (var action in Enum.GetValues<ClaimAction>())
            {
                foreach (var actor in Enum.GetValues<ClaimActor>())
                {
                    data.Add(state, action, actor, InWindow);
                    data.Add(state, action, actor, AfterWindow);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMoveAtBothTimes))]
    public void Apply_EveryStateActionActorAndTime_IsAllowedExactlyWhenTheTableSaysSo(ClaimState state, ClaimAction action, ClaimActor actor, DateTimeOffset at)
    {
        var claim = ClaimIn(state);
        var request = new ClaimRequest(action, actor, at, Amount: action == ClaimAction.OfferPartialRefund ? 20m : null, Reason: "Photos show the damage.");
        var legal = ClaimStateMachine.Transitions.SingleOrDefault(t => t.From == state && t.Action == action && t.Actors.Contains(actor)
            && (!t.BeforeDueOnly || at < Due) && (!t.AfterDueOnly || at >= Due));

        if (legal is not null)
        {
            var next = ClaimStateMachine.Apply(claim, request);
            Assert.Equal(legal.To, next.State);
            Assert.Contains(ClaimStateMachine.AvailableActions(claim, actor, at), a => a.Action == action);
        }
        else
        {
            var refused = Assert.Throws<MessagingException>(() => ClaimStateMachine.Apply(claim, request));
            var someoneElse = ClaimStateMachine.Transitions.Any(t => t.From == state && t.Action == action);
            Assert.Equal(someoneElse && !ClaimStateMachine.Transitions.Any(t => t.From == state && t.Action == action && t.Actors.Contains(actor))
                ? MessagingError.Forbidden : MessagingError.Conflict, refused.Error);
            Assert.DoesNotContain(ClaimStateMachine.AvailableActions(claim, actor, at), a => a.Action == action);
            if (refused.Error == MessagingError.Conflict)
            {
                Assert.Equal("claim_action_not_allowed", refused.Code);
                Assert.Contains($"'{ClaimStateMachine.Name(state)}'", refused.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void FinalStates_HaveNoWayOut_ButFinanceRejectingARefund()
    {
        foreach (var final in Enum.GetValues<ClaimState>().Where(ClaimStateMachine.IsFinal))
        {
            Assert.All(ClaimStateMachine.Transitions.Where(t => t.From == final), t =>
            {
                Assert.Equal(ClaimAction.RejectRefund, t.Action);
                Assert.Equal([ClaimActor.System], t.Actors);
                Assert.Equal(ClaimState.InMediation, t.To);
            });
        }

        Assert.Equal(4, Enum.GetValues<ClaimState>().Count(ClaimStateMachine.IsFinal));
    }

    [Fact]
    public void RejectRefund_OnAMediatorsRefund_ReturnsToMediationWithFinancesReason()
    {
        var claim = ClaimIn(ClaimState.InMediation);
        claim = ClaimStateMachine.Apply(claim, new ClaimRequest(ClaimAction.DecideForBuyer, ClaimActor.Mediator, AfterWindow, 30m, "Damaged in transit."));

        var rejected = ClaimStateMachine.Apply(claim, new ClaimRequest(ClaimAction.RejectRefund, ClaimActor.System, AfterWindow.AddHours(1), Reason: "Card expired."));

        Assert.Equal(ClaimState.InMediation, rejected.State);
        Assert.Null(rejected.RefundAmount);
        Assert.Null(rejected.ClosedAt);
        Assert.Equal("Card expired.", rejected.DecisionReason);
        Assert.Equal(["decide_for_buyer", "decide_for_seller"],
            ClaimStateMachine.AvailableActions(rejected, ClaimActor.Mediator, AfterWindow.AddHours(2)).Select(a => ClaimStateMachine.Name(a.Action)));
    }

    [Fact]
    public void OfferRejectedThenAnotherAccepted_RefundsTheSecondAmount()
    {
        var claim = ClaimIn(ClaimState.Opened);

        claim = ClaimStateMachine.Apply(claim, new ClaimRequest(ClaimAction.OfferPartialRefund, ClaimActor.Seller, InWindow, 10m));
        claim = ClaimStateMachine.Apply(claim, new ClaimRequest(ClaimAction.RejectOffer, ClaimActor.Buyer, InWindow.AddMinutes(5)));
        Assert.Null(claim.OfferedAmount);
        claim = ClaimStateMachine.Apply(claim, new ClaimRequest(ClaimAction.OfferPartialRefund, ClaimActor.Seller, InWindow.AddMinutes(9), 25.5m));
        claim = ClaimStateMachine.Apply(claim, new ClaimRequest(ClaimAction.AcceptOffer, ClaimActor.Buyer, AfterWindow));

        Assert.Equal(ClaimState.RefundedInPart, claim.State);
        Assert.Equal(25.5m, claim.RefundAmount);
        Assert.Equal(ClaimActor.Buyer, claim.ClosedBy);
        Assert.Null(ClaimImpact.For(claim)); // offered within the window: no impact, even accepted after it
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(80)] // the whole total: that is a full refund
    [InlineData(95)]
    [InlineData(10.001)]
    public void OfferPartialRefund_AmountOutsideZeroToTotal_IsRefusedAs400(decimal amount)
    {
        var refused = Assert.Throws<MessagingException>(() => ClaimStateMachine.Apply(
            ClaimIn(ClaimState.Opened), new ClaimRequest(ClaimAction.OfferPartialRefund, ClaimActor.Seller, InWindow, amount)));

        Assert.Equal(MessagingError.Invalid, refused.Error);
        Assert.Contains("80", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecideForBuyer_WithoutReason_IsRefused_WithPartAmount_RefundsInPart()
    {
        var escalated = ClaimIn(ClaimState.InMediation);

        Assert.Equal("claim_reason_required", Assert.Throws<MessagingException>(() => ClaimStateMachine.Apply(
            escalated, new ClaimRequest(ClaimAction.DecideForBuyer, ClaimActor.Mediator, AfterWindow, Reason: "  "))).Code);
        var decided = ClaimStateMachine.Apply(escalated, new ClaimRequest(ClaimAction.DecideForBuyer, ClaimActor.Mediator, AfterWindow, 30m, "Item arrived damaged."));

        Assert.Equal(ClaimState.RefundedInPart, decided.State);
        Assert.Equal(30m, decided.RefundAmount);
        Assert.Equal("Item arrived damaged.", decided.DecisionReason);
        Assert.Equal("refunded_by_mediation", ClaimImpact.For(decided));
    }

    [Theory]
    [InlineData(ClaimReason.Damaged, ClaimAction.AcceptFullRefund, ClaimActor.Seller, false, null)]
    [InlineData(ClaimReason.Damaged, ClaimAction.Cancel, ClaimActor.Buyer, false, null)]
    [InlineData(ClaimReason.Damaged, ClaimAction.DecideForSeller, ClaimActor.Mediator, true, null)]
    [InlineData(ClaimReason.Damaged, ClaimAction.DecideForBuyer, ClaimActor.Mediator, true, "refunded_by_mediation")]
    [InlineData(ClaimReason.ChangedMind, ClaimAction.DecideForBuyer, ClaimActor.Mediator, true, null)]
    [InlineData(ClaimReason.NotReceived, ClaimAction.AcceptFullRefund, ClaimActor.Seller, true, "refunded_after_window")]
    public void Impact_FollowsTheReputationRules(ClaimReason reason, ClaimAction closing, ClaimActor actor, bool escalatedFirst, string? impact)
    {
        var claim = ClaimIn(ClaimState.Opened) with { Reason = reason };
        var at = InWindow;
        if (escalatedFirst)
        {
            claim = ClaimStateMachine.Apply(claim, new ClaimRequest(ClaimAction.Expire, ClaimActor.System, Due));
            at = AfterWindow;
        }

        var closed = ClaimStateMachine.Apply(claim, new ClaimRequest(closing, actor, at, Reason: "Decided on the evidence."));

        Assert.True(closed.IsFinal);
        Assert.Equal(impact, ClaimImpact.For(closed));
    }

    [Fact]
    public void AvailableActions_SellerInWindow_CarryTheWindowsEnd()
    {
        var actions = ClaimStateMachine.AvailableActions(ClaimIn(ClaimState.Opened), ClaimActor.Seller, InWindow);

        Assert.Equal(
            [ClaimAction.OfferPartialRefund, ClaimAction.AcceptFullRefund, ClaimAction.RequestReturn, ClaimAction.Escalate],
            actions.Select(a => a.Action));
        Assert.All(actions.Where(a => a.Action != ClaimAction.Escalate), a => Assert.Equal(Due, a.DueAt));
        Assert.Null(actions.Single(a => a.Action == ClaimAction.Escalate).DueAt);
    }

    private static Claim ClaimIn(ClaimState state) =>
        new("c-1", "amazon", "o-1", "b-1", "s-1", ClaimReason.Damaged, DesiredResolution.Refund, 80m, "EUR", state, Opened, Due)
        {
            OfferedAmount = state == ClaimState.PartialRefundOffered ? 20m : null,
        };
}
