using Marketplace.Domain.Profiles;

namespace Marketplace.Functions.Messaging;

/// <summary>Settings of the messaging core (section "Messaging").</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>The HMAC secret each marketplace signs its webhooks with, keyed by marketplace profile name.</summary>
    public IDictionary<string, string> WebhookSecrets { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How far a webhook's signed timestamp may be from our clock.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest webhook body accepted, in bytes (queue messages hold 64 KiB after base64).</summary>
    public int MaxWebhookBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// How long after an API write its follow-up check runs (see <c>ConversationChecks</c>): longer than any request
    /// takes, so the check sees the write's outcome, and short enough that a lost deadline start is repaired early.
    /// </summary>
    public TimeSpan FollowUpCheckDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Overrides of the built-in marketplace profiles, field by field.</summary>
    public IDictionary<string, MarketplaceProfile> Profiles { get; init; } = new Dictionary<string, MarketplaceProfile>(StringComparer.OrdinalIgnoreCase);
}
