using Marketplace.ContentPolicy;
using Marketplace.Domain.Profiles;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Messaging.Policy;

/// <summary>Refuses to start with a content-policy profile keyed by something that is not a marketplace name.</summary>
internal sealed class ContentPolicyOptionsValidator : IValidateOptions<ContentPolicyOptions>
{
    public const string Section = "ContentPolicy";

    public ValidateOptionsResult Validate(string? name, ContentPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Profiles.Keys
            .Where(marketplace => !MarketplaceNames.IsCanonical(marketplace))
            .Select(marketplace => MessagingOptionsValidator.NameRefused($"{Section}:{nameof(ContentPolicyOptions.Profiles)}:{marketplace}"))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
