using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;

namespace Marketplace.Domain.Tests.Conversations;

public sealed class ConversationSummaryTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WithMessage_BuyerFollowUps_KeepTheEarliestUnansweredTime()
    {
        var summary = ConversationSummary.Empty
            .WithMessage(PartyRole.Buyer, s_t0, "Where is my parcel?")
            .WithMessage(PartyRole.Buyer, s_t0.AddHours(3), "Hello?");

        Assert.Equal(PartyRole.Seller, summary.AwaitingReplyFrom);
        Assert.Equal(s_t0, summary.AwaitingReplySince);
        Assert.Equal(2, summary.UnreadForSeller);
        Assert.Equal(2, summary.MessageCount);
    }

    [Fact]
    public void WithMessage_SellerReplies_TurnsTheWaitAround()
    {
        var summary = ConversationSummary.Empty
            .WithMessage(PartyRole.Buyer, s_t0, "Where is my parcel?")
            .WithMessage(PartyRole.Seller, s_t0.AddHours(1), "It ships today.");

        Assert.Equal(PartyRole.Buyer, summary.AwaitingReplyFrom);
        Assert.Equal(s_t0.AddHours(1), summary.AwaitingReplySince);
        Assert.Equal(2, summary.SellerReadThrough);
        Assert.Equal(0, summary.UnreadForSeller);
        Assert.Equal(1, summary.UnreadForBuyer);
        Assert.True(summary.SellerHasWritten);
    }

    [Fact]
    public void WithRead_RecordsThroughAndUnread_AndNeverGoesBack()
    {
        var summary = ConversationSummary.Empty
            .WithMessage(PartyRole.Buyer, s_t0, "a")
            .WithMessage(PartyRole.Buyer, s_t0, "b")
            .WithRead(PartyRole.Seller, 2, 0)
            .WithRead(PartyRole.Seller, 1, 0);

        Assert.Equal(2, summary.SellerReadThrough);
        Assert.Equal(0, summary.UnreadForSeller);
    }

    [Fact]
    public void EveryChange_IncreasesTheVersion()
    {
        var first = ConversationSummary.Empty.WithMessage(PartyRole.Buyer, s_t0, "a");
        var second = first.WithRead(PartyRole.Seller, 1, 0);

        Assert.True(first.Version > ConversationSummary.Empty.Version);
        Assert.True(second.Version > first.Version);
    }
}
