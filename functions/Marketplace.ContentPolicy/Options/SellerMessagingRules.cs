namespace Marketplace.ContentPolicy;

/// <summary>Rules for proactive seller messages (in conversations the seller starts): reasons, forbidden types, window, opt-out.</summary>
public sealed class SellerMessagingRules
{
    /// <summary>A seller starting a conversation must give a reason.</summary>
    public bool ReasonRequiredToStart { get; set; }

    /// <summary>Reasons a seller may start a conversation with (see <see cref="SellerMessageReasons"/>); empty means any.</summary>
    public List<string> StartReasons { get; set; } = [];

    /// <summary>Refuse proactive messages that are only a thank-you or an order/shipping confirmation (Amazon).</summary>
    public bool RefuseForbiddenMessageTypes { get; set; }

    /// <summary>Proactive seller messages are allowed only this many days after order completion; 0 means no window.</summary>
    public int ProactiveWindowDays { get; set; }

    /// <summary>Reasons that still reach a buyer who opted out of unsolicited messages.</summary>
    public List<string> CriticalReasons { get; set; } = [];
}
