namespace Marketplace.ContentPolicy;

/// <summary>Stable codes of seller-rule refusals.</summary>
public static class RuleViolationCodes
{
    /// <summary>A seller starting a conversation gave no reason.</summary>
    public const string ReasonRequired = "REASON_REQUIRED";

    /// <summary>The seller's reason is not one the profile allows.</summary>
    public const string ReasonNotAllowed = "REASON_NOT_ALLOWED";

    /// <summary>A plain thank-you, order or shipping confirmation, which the marketplace forbids.</summary>
    public const string ForbiddenMessageType = "FORBIDDEN_MESSAGE_TYPE";

    /// <summary>A proactive seller message after the messaging window closed.</summary>
    public const string OutsideMessagingWindow = "OUTSIDE_MESSAGING_WINDOW";

    /// <summary>The buyer opted out of unsolicited messages and this one is not critical.</summary>
    public const string BuyerOptedOut = "BUYER_OPTED_OUT";
}
