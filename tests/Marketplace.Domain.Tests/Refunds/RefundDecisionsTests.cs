using System.Text;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Refunds;

namespace Marketplace.Domain.Tests.Refunds;

/// <summary>Finance's decisions: one approver, four-eyes, repeats answered as they are, contradictions refused; callback signatures.</summary>
public sealed class RefundDecisionsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] s_key = Encoding.UTF8.GetBytes("unit-test-callback-key-0123456789abcdef");

    [Fact]
    public void Approve_OneApproverNeeded_ApprovesOnce_ARepeatChangesNothing()
    {
        var (approved, changed) = RefundDecisions.Approve(RefundNeeding(1), "alice", null, At);
        var (again, changedAgain) = RefundDecisions.Approve(approved, "alice", null, At.AddMinutes(1));

        Assert.True(changed);
        Assert.Equal(RefundState.Approved, approved.State);
        Assert.False(changedAgain);
        Assert.Equal(approved, again);
    }

    [Fact]
    public void Approve_FourEyes_SameApproverTwiceIsRefused_ADifferentOneApproves()
    {
        var (one, _) = RefundDecisions.Approve(RefundNeeding(2), "alice", null, At);

        var refused = Assert.Throws<MessagingException>(() => RefundDecisions.Approve(one, "alice", null, At));
        var (two, _) = RefundDecisions.Approve(one, "bob", null, At);

        Assert.Equal(RefundState.AwaitingApproval, one.State);
        Assert.Equal(MessagingError.Conflict, refused.Error);
        Assert.Equal("refund_same_approver", refused.Code);
        Assert.Equal(RefundState.Approved, two.State);
        Assert.Equal(["alice", "bob"], two.Approvers);
    }

    [Fact]
    public void Approve_ThroughACallbackStepAlreadyTaken_IsARepeat()
    {
        var (one, _) = RefundDecisions.Approve(RefundNeeding(2), "alice", null, At);

        var (same, changed) = RefundDecisions.Approve(one, RefundDecisions.CallbackApprover(1), 1, At);
        var (two, changedTwo) = RefundDecisions.Approve(one, RefundDecisions.CallbackApprover(2), 2, At);

        Assert.False(changed);
        Assert.Equal(one, same);
        Assert.True(changedTwo);
        Assert.Equal(RefundState.Approved, two.State);
    }

    [Fact]
    public void Reject_ThenApprove_IsRefused_RejectAgainChangesNothing()
    {
        var (rejected, _) = RefundDecisions.Reject(RefundNeeding(1), "alice", "Chargeback already paid.", At);

        Assert.Equal("refund_already_decided", Assert.Throws<MessagingException>(() => RefundDecisions.Approve(rejected, "bob", null, At)).Code);
        Assert.False(RefundDecisions.Reject(rejected, "bob", "Again.", At).Changed);
        Assert.Equal("refund_reason_required", Assert.Throws<MessagingException>(() => RefundDecisions.Reject(RefundNeeding(1), "alice", "", At)).Code);
    }

    [Fact]
    public void CallbackSignature_TellsTamperedFromWrongActionFromExpired()
    {
        var expires = At.AddHours(72).ToUnixTimeSeconds();
        var sig = RefundCallbackSignature.Create(s_key, "rf-1", "approve", 1, expires);

        Assert.Equal(CallbackCheck.Valid, RefundCallbackSignature.Check(s_key, "rf-1", "approve", 1, expires, sig, At));
        Assert.Equal(CallbackCheck.WrongAction, RefundCallbackSignature.Check(s_key, "rf-1", "reject", 1, expires, sig, At));
        Assert.Equal(CallbackCheck.Tampered, RefundCallbackSignature.Check(s_key, "rf-2", "approve", 1, expires, sig, At));
        Assert.Equal(CallbackCheck.Tampered, RefundCallbackSignature.Check(s_key, "rf-1", "approve", 1, expires + 1, sig, At));
        Assert.Equal(CallbackCheck.Tampered, RefundCallbackSignature.Check(Encoding.UTF8.GetBytes("another-key-0123456789abcdef012345"), "rf-1", "approve", 1, expires, sig, At));
        Assert.Equal(CallbackCheck.Expired, RefundCallbackSignature.Check(s_key, "rf-1", "approve", 1, expires, sig, At.AddHours(72)));
    }

    private static Refund RefundNeeding(int approvals) =>
        new("rf-1", "c-1", "amazon", "o-1", "b-1", "s-1", 80m, "EUR", "damaged", "mediator", "Damaged.", approvals, At);
}
