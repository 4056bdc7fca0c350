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

    /// <summary>Overrides of the built-in marketplace profiles, field by field.</summary>
    public IDictionary<string, MarketplaceProfile> Profiles { get; init; } = new Dictionary<string, MarketplaceProfile>(StringComparer.OrdinalIgnoreCase);
}
