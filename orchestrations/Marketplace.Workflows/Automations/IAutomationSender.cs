namespace Marketplace.Workflows.Automations;

/// <summary>What the automation workflow needs from the app: send the automation's message now, once, unless it must not be.</summary>
public interface IAutomationSender
{
    /// <summary>
    /// Sends (idempotent: a second call for the same input sends nothing) and returns the outcome: see <see cref="AutomationOutcomes"/>.
    /// </summary>
    Task<string> SendAsync(AutomationInput input, CancellationToken cancellationToken);
}

/// <summary>How an automated send ended, as the workflow's output and the log say.</summary>
public static class AutomationOutcomes
{
    public const string Sent = "sent";
    public const string AlreadySent = "already_sent";
    public const string SellerWrote = "skipped_seller_wrote";
    public const string BuyerOptedOut = "skipped_buyer_opted_out";
    public const string Paused = "skipped_paused";
    public const string Deleted = "skipped_deleted";
    public const string NotSendable = "skipped_not_sendable";
    public const string Refused = "refused_by_policy";
}
