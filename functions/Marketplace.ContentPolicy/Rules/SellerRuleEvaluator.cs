namespace Marketplace.ContentPolicy.Rules;

/// <summary>Who may send what and when: seller reasons, forbidden message types, the messaging window and buyer opt-out.</summary>
internal static class SellerRuleEvaluator
{
    public static List<RuleViolation>? Evaluate(PolicyRequest request, CompiledProfile profile, string normalizedText)
    {
        // Buyers may always write, and a seller replying in a conversation the buyer started is never unsolicited.
        if (!request.IsProactiveSellerMessage)
        {
            return null;
        }

        List<RuleViolation>? violations = null;
        var reason = string.IsNullOrWhiteSpace(request.SellerReason) ? null : request.SellerReason.Trim();

        if (request.StartsConversation && profile.ReasonRequiredToStart)
        {
            if (reason is null)
            {
                Add(ref violations, RuleViolationCodes.ReasonRequired,
                    $"Choose why you are contacting the buyer before sending (one of: {string.Join(", ", profile.StartReasons)}).");
            }
            else if (profile.StartReasons.Count > 0 && !profile.StartReasons.Contains(reason))
            {
                Add(ref violations, RuleViolationCodes.ReasonNotAllowed,
                    $"'{reason}' is not a reason {profile.Name} allows for starting a conversation; use one of: {string.Join(", ", profile.StartReasons)}.");
            }
        }

        if (profile.RefuseForbiddenMessageTypes)
        {
            var type = MessageTypeClassifier.ForbiddenType(normalizedText);
            if (type is not null)
            {
                Add(ref violations, RuleViolationCodes.ForbiddenMessageType, type == "confirmation"
                    ? "Don't send order or shipping confirmations — the marketplace already sends them; write only when the buyer needs to know or do something."
                    : "Don't send a message that only says thank you — write only when the buyer needs to know or do something about the order.");
            }
        }

        if (profile.ProactiveWindow is { } window && request.OrderCompletedAt is { } completedAt && request.Now > completedAt + window)
        {
            Add(ref violations, RuleViolationCodes.OutsideMessagingWindow,
                $"You can start messages to the buyer only within {window.TotalDays:0} days of order completion (completed {completedAt:yyyy-MM-dd}); reply in a conversation the buyer starts instead.");
        }

        if (request.BuyerOptedOut && (reason is null || !profile.CriticalReasons.Contains(reason)))
        {
            Add(ref violations, RuleViolationCodes.BuyerOptedOut,
                $"The buyer opted out of unsolicited messages; only critical messages ({string.Join(", ", profile.CriticalReasons)}) reach them, or reply when they write to you.");
        }

        return violations;
    }

    private static void Add(ref List<RuleViolation>? violations, string code, string message) =>
        (violations ??= []).Add(new RuleViolation(code, message));
}
