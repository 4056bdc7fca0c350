using Marketplace.Domain.Conversations;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Messaging.Policy;
using Marketplace.Functions.Security;
using Marketplace.Storage;

namespace Marketplace.Functions.WebConsole;

/// <summary>What the content policy would do with a reply, before it is sent.</summary>
/// <param name="Verdict">"allow", "redact", "hold" or "block", as a stored message's moderation says.</param>
public sealed record ReplyCheckResult(string Verdict, string Summary, IReadOnlyList<string> Reasons);

/// <summary>
/// The reply box's "check": the same screening a sent message gets (<see cref="MessageScreening"/>, with the same access
/// rule and the buyer's opt-out), without storing anything.
/// </summary>
internal sealed class ReplyCheck(ConversationAccess access, PartySettingsStore settings, MessageScreening screening, TimeProvider time)
{
    public async Task<ReplyCheckResult> CheckAsync(Caller caller, string conversationId, string text, string? reason, CancellationToken cancellationToken)
    {
        var (conversation, role) = await access.WriteAsync(caller, conversationId, cancellationToken).ConfigureAwait(false);
        var optedOut = role == Domain.Events.PartyRole.Seller
            && await settings.BuyerOptedOutAsync(conversation.Marketplace, conversation.BuyerId, cancellationToken).ConfigureAwait(false);
        var screened = screening.Screen(
            conversation, new NewMessage(role, caller.PartyId, text.Trim(), time.GetUtcNow(), reason, MessageSource.Api, null, [], []), optedOut);
        var moderation = screened.Moderation;
        var reasons = moderation.Violations.Select(v => v.Explanation)
            .Concat(moderation.Findings.Where(f => f.Action != "allow").Select(f => f.Explanation))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var summary = screened.Status switch
        {
            MessageStatus.Blocked => "This message would not be delivered:",
            MessageStatus.Held => "This message would be held until an administrator approves it:",
            _ when screened.DeliveredText is not null => "This message would be delivered with parts masked:",
            _ => "Nothing in this message stops it from being delivered.",
        };
        return new ReplyCheckResult(moderation.Verdict, summary, reasons);
    }
}
