using Marketplace.ContentPolicy;
using Marketplace.Domain.Profiles;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Messaging.Policy;

/// <summary>
/// Refuses to start with a content policy the engine would fail on or silently misread: a profile keyed by something
/// that is not a marketplace name, a fallback profile that does not exist, a marketplace taking webhooks with no profile,
/// an action, author role or reason code misspelt, a phone region, domain or messaging window that cannot be right.
/// </summary>
internal sealed class ContentPolicyOptionsValidator(IConfiguration configuration, IOptions<MessagingOptions> messaging)
    : IValidateOptions<ContentPolicyOptions>
{
    public const string Section = "ContentPolicy";

    private const int MaxProactiveWindowDays = 3650;

    public ValidateOptionsResult Validate(string? name, ContentPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Profiles.Keys
            .Where(marketplace => !MarketplaceNames.IsCanonical(marketplace))
            .Select(marketplace => MessagingOptionsValidator.NameRefused($"{Section}:{nameof(ContentPolicyOptions.Profiles)}:{marketplace}"))
            .ToList();

        var known = new HashSet<string>(options.Profiles.Keys, StringComparer.OrdinalIgnoreCase);
        if (options.IncludeBuiltInProfiles)
        {
            known.UnionWith(BuiltInProfiles.Names);
        }

        if (options.FallbackProfile is { } fallback && !known.Contains(fallback))
        {
            failures.Add($"{Section}:{nameof(ContentPolicyOptions.FallbackProfile)} names no content-policy profile ('{fallback}'); known: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }

        if (options.FallbackProfile is null)
        {
            failures.AddRange(MarketplacesTakingWebhooks().Where(marketplace => !known.Contains(marketplace)).Select(marketplace =>
                $"{Section}:{nameof(ContentPolicyOptions.Profiles)}:{marketplace} is missing: {marketplace} takes webhooks, and its messages cannot be screened without a profile (or {Section}:{nameof(ContentPolicyOptions.FallbackProfile)})."));
        }

        foreach (var profile in configuration.GetSection($"{Section}:{nameof(ContentPolicyOptions.Profiles)}").GetChildren())
        {
            failures.AddRange(ActionFailures(profile));
        }

        foreach (var (marketplace, profile) in options.Profiles)
        {
            failures.AddRange(ProfileFailures($"{Section}:{nameof(ContentPolicyOptions.Profiles)}:{marketplace}", profile));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> MarketplacesTakingWebhooks()
    {
        try
        {
            return messaging.Value.WebhookSecrets.Keys;
        }
        catch (OptionsValidationException)
        {
            return []; // bad messaging settings are reported by their own validator
        }
    }

    /// <summary>
    /// Read from configuration because the binder drops what it cannot convert: "Blok" or an "Admin" role would vanish, and a
    /// finding meant to be blocked would be allowed.
    /// </summary>
    private static IEnumerable<string> ActionFailures(IConfigurationSection profile)
    {
        foreach (var role in profile.GetSection(nameof(PolicyProfile.Actions)).GetChildren())
        {
            if (!Enum.TryParse<AuthorRole>(role.Key, ignoreCase: true, out var parsedRole) || !Enum.IsDefined(parsedRole))
            {
                yield return $"{role.Path} is not an author role: {nameof(AuthorRole.Buyer)} or {nameof(AuthorRole.Seller)}.";
                continue;
            }

            foreach (var reason in role.GetChildren())
            {
                if (!ReasonCodes.All.Contains(reason.Key, StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"{reason.Path} is not a reason code: {string.Join(", ", ReasonCodes.All)}.";
                }
                else if (!Enum.TryParse<PolicyAction>(reason.Value, ignoreCase: true, out var action) || !Enum.IsDefined(action))
                {
                    yield return $"{reason.Path} must be {nameof(PolicyAction.Allow)}, {nameof(PolicyAction.Redact)}, {nameof(PolicyAction.Hold)} or {nameof(PolicyAction.Block)}.";
                }
            }
        }
    }

    private static IEnumerable<string> ProfileFailures(string setting, PolicyProfile profile)
    {
        for (var i = 0; i < profile.PhoneRegions.Count; i++)
        {
            if (profile.PhoneRegions[i].Trim() is not { Length: 2 } region || !region.All(char.IsAsciiLetter))
            {
                yield return $"{setting}:{nameof(PolicyProfile.PhoneRegions)}:{i} must be a two-letter region code (ISO 3166, e.g. ES).";
            }
        }

        foreach (var (list, domains) in new[] { (nameof(PolicyProfile.AllowedDomains), profile.AllowedDomains), (nameof(PolicyProfile.CarrierTrackingDomains), profile.CarrierTrackingDomains) })
        {
            for (var i = 0; i < domains.Count; i++)
            {
                if (!IsDomainPattern(domains[i]))
                {
                    yield return $"{setting}:{list}:{i} must be a domain ('shop.example', also its subdomains) or a brand ('shop.*', any suffix), not a URL.";
                }
            }
        }

        if (profile.SellerRules.ProactiveWindowDays is < 0 or > MaxProactiveWindowDays)
        {
            yield return $"{setting}:{nameof(PolicyProfile.SellerRules)}:{nameof(SellerMessagingRules.ProactiveWindowDays)} must be from 0 (no window) to {MaxProactiveWindowDays} days.";
        }
    }

    /// <summary>What the link detector can match: dot-separated labels, optionally "." or "*." in front or ".*" at the end.</summary>
    private static bool IsDomainPattern(string pattern)
    {
        var domain = pattern.Trim().TrimStart('.');
        domain = domain.StartsWith("*.", StringComparison.Ordinal) ? domain[2..]
            : domain.EndsWith(".*", StringComparison.Ordinal) ? domain[..^2]
            : domain;
        return domain.Split('.').All(label => label.Length > 0 && label.All(c => char.IsLetterOrDigit(c) || c == '-'));
    }
}
