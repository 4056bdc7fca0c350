using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.Domain.Claims;
using Marketplace.Storage.Outbox;

namespace Marketplace.Storage.Claims;

/// <summary>
/// A claim's events for its marketplace are its timeline: every transition is one event ("claim.opened" for the opening,
/// "claim.updated" after), written in the same transaction as the change, so the timeline is the claim's outbox.
/// </summary>
public static class ClaimEventData
{
    public const string Opened = "claim.opened";
    public const string Updated = "claim.updated";

    public static string Position(int sequence) => sequence.ToString("D6", CultureInfo.InvariantCulture);

    public static StoredOutboundEvent From(Claim claim, ClaimTimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(entry);
        var data = new JsonObject
        {
            ["claimId"] = claim.Id,
            ["orderId"] = claim.OrderId,
            ["buyerId"] = claim.BuyerId,
            ["sellerId"] = claim.SellerId,
            ["reason"] = ClaimNames.Of(claim.Reason),
            ["action"] = ClaimNames.Of(entry.Action),
            ["actor"] = ClaimNames.Of(entry.Actor),
            ["from"] = ClaimNames.Of(entry.From),
            ["state"] = ClaimNames.Of(entry.To),
            ["amount"] = entry.Amount,
            ["currency"] = claim.Currency,
            ["decisionReason"] = entry.Reason,
            ["final"] = ClaimStateMachine.IsFinal(entry.To),
        };
        var type = entry.Action == ClaimAction.Open ? Opened : Updated;
        return new StoredOutboundEvent(Position(entry.Sequence), new OutboundEvent(type, entry.At, data.ToJsonString()));
    }
}
