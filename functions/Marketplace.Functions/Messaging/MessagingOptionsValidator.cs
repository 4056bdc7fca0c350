using Marketplace.Domain.Profiles;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Messaging;

/// <summary>
/// Refuses to start with a webhook secret that is missing, weak, or for a marketplace we don't know, a setting keyed by
/// something that is not a marketplace name, or a limit out of range.
/// </summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public const int MinSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var profiles = new MarketplaceProfiles(options.Profiles);
        var failures = new List<string>();
        if (options.WebhookSecrets.Count == 0)
        {
            failures.Add($"{MessagingOptions.Section}:WebhookSecrets must name at least one marketplace and its secret, e.g. {MessagingOptions.Section}:WebhookSecrets:generic.");
        }

        failures.AddRange(options.WebhookSecrets.Keys.Where(m => !MarketplaceNames.IsCanonical(m))
            .Select(m => NameRefused($"{MessagingOptions.Section}:{nameof(MessagingOptions.WebhookSecrets)}:{m}")));
        failures.AddRange(options.Profiles.Keys.Where(m => !MarketplaceNames.IsCanonical(m))
            .Select(m => NameRefused($"{MessagingOptions.Section}:{nameof(MessagingOptions.Profiles)}:{m}")));

        foreach (var (marketplace, secret) in options.WebhookSecrets)
        {
            if (!MarketplaceNames.IsCanonical(marketplace))
            {
                continue;
            }

            if (!profiles.TryGet(marketplace, out _))
            {
                failures.Add($"{MessagingOptions.Section}:WebhookSecrets:{marketplace} names an unknown marketplace; known: {string.Join(", ", profiles.Names)}.");
            }
            else if (Configuration.KeyVaultReference.IsUnresolved(secret))
            {
                failures.Add($"{MessagingOptions.Section}:WebhookSecrets:{marketplace} is a Key Vault reference the platform did not resolve; grant the app's identity 'Key Vault Secrets User' and restart it.");
            }
            else if (string.IsNullOrEmpty(secret) || secret.Length < MinSecretLength)
            {
                failures.Add($"{MessagingOptions.Section}:WebhookSecrets:{marketplace} must be at least {MinSecretLength} characters.");
            }
        }

        foreach (var (marketplace, profile) in options.Profiles)
        {
            if (profile.MaxTextLength is < 1 or > 20_000 || profile.MaxAttachmentsPerMessage is < 0 or > 20 || profile.MaxAttachmentBytes is < 1 or > 100 * 1024 * 1024)
            {
                failures.Add($"{MessagingOptions.Section}:Profiles:{marketplace} has a limit out of range (MaxTextLength 1-20000, MaxAttachmentsPerMessage 0-20, MaxAttachmentBytes 1 B-100 MiB).");
            }
        }

        if (options.WebhookTolerance <= TimeSpan.Zero || options.WebhookTolerance > TimeSpan.FromHours(1))
        {
            failures.Add($"{MessagingOptions.Section}:WebhookTolerance must be between 00:00:01 and 01:00:00.");
        }

        if (options.FollowUpCheckDelay < TimeSpan.FromSeconds(1) || options.FollowUpCheckDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{MessagingOptions.Section}:FollowUpCheckDelay must be between 00:00:01 and 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The start-up failure for a setting keyed by something that is not a marketplace name.</summary>
    public static string NameRefused(string setting) =>
        $"{setting} does not name a marketplace: a name is {MarketplaceNames.Rule} (setting keys ignore case, so 'Amazon' is read as 'amazon').";
}
