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

    /// <summary>The automation was edited to follow another event while this send waited.</summary>
    public const string EventChanged = "skipped_event_changed";
    public const string NotSendable = "skipped_not_sendable";
    public const string Refused = "refused_by_policy";

    /// <summary>How much earlier than its due time a send may happen (a timer on Azure Storage may fire up to a second early).</summary>
    public static readonly TimeSpan DueTolerance = TimeSpan.FromSeconds(1);

    private const string NotDuePrefix = "not_due_until:";

    /// <summary>Not sent: the automation's delay was lengthened while the send waited, so it is due at <paramref name="due"/>.</summary>
    public static string NotDueUntil(DateTimeOffset due) => NotDuePrefix + due.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="outcome"/> says the send is due later, and when.</summary>
    public static bool IsNotDue(string? outcome, out DateTimeOffset due)
    {
        due = default;
        return outcome is not null && outcome.StartsWith(NotDuePrefix, StringComparison.Ordinal)
            && DateTimeOffset.TryParse(outcome.AsSpan(NotDuePrefix.Length), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out due);
    }
}
