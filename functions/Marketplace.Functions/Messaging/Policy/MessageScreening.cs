using Marketplace.ContentPolicy;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;

namespace Marketplace.Functions.Messaging.Policy;

/// <summary>
/// Runs the content policy on a message about to be stored and turns its decision into the message's
/// status (delivered, held, blocked), the text the recipient reads and the moderation record kept with it.
/// </summary>
internal sealed class MessageScreening(ContentPolicyEngine engine, TimeProvider time)
{
    public NewMessage Screen(Conversation conversation, NewMessage message, bool buyerOptedOut)
    {
        var request = new PolicyRequest(conversation.Marketplace, ToAuthor(message.AuthorRole), message.Text, time.GetUtcNow())
        {
            StartsConversation = conversation.Summary.StartedBy is null,
            ConversationStartedBy = conversation.Summary.StartedBy is { } startedBy ? ToAuthor(startedBy) : null,
            SellerReason = message.Reason,
            OrderCompletedAt = conversation.OrderCompletedAt,
            BuyerOptedOut = buyerOptedOut,
        };
        var decision = engine.Evaluate(request);
        return message with
        {
            Status = decision.Verdict switch
            {
                PolicyAction.Hold => MessageStatus.Held,
                PolicyAction.Block => MessageStatus.Blocked,
                _ => MessageStatus.Delivered,
            },
            DeliveredText = decision.RedactedText == message.Text ? null : decision.RedactedText,
            Moderation = new MessageModeration(
                decision.Verdict.ToString().ToLowerInvariant(),
                [.. decision.Findings.Select(f => new ModerationFinding(f.ReasonCode, f.Start, f.Length, f.Action.ToString().ToLowerInvariant(), f.Message))],
                [.. decision.Violations.Select(v => new ModerationViolation(v.Code, v.Message))]),
        };
    }

    private static AuthorRole ToAuthor(PartyRole role) => role == PartyRole.Buyer ? AuthorRole.Buyer : AuthorRole.Seller;
}
