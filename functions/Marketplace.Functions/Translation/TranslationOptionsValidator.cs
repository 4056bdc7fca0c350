using Marketplace.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Translation;

/// <summary>Refuses to start with translation on and no usable endpoint, credentials or timings.</summary>
internal sealed class TranslationOptionsValidator : IValidateOptions<TranslationOptions>
{
    private const string S = TranslationOptions.Section;

    public ValidateOptionsResult Validate(string? name, TranslationOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            if (options.Endpoint is not { IsAbsoluteUri: true } endpoint
                || !(endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
                || endpoint.Query.Length > 0)
            {
                failures.Add($"{S}:Endpoint must be the Translator's https base address without a query, e.g. https://api.cognitive.microsofttranslator.com/ (http only for a local fake on a loopback address).");
            }

            if (KeyVaultReference.IsUnresolved(options.Key))
            {
                failures.Add($"{S}:Key is a Key Vault reference the platform did not resolve; grant the app's identity 'Key Vault Secrets User', or remove the key to use the identity.");
            }

            if (options.ResourceId is { Length: > 0 } && string.IsNullOrWhiteSpace(options.Region))
            {
                failures.Add($"{S}:Region must be set with {S}:ResourceId (the global endpoint needs both with an Entra token).");
            }
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{S}:Timeout must be between 00:00:00.001 and 00:02:00.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > options.Timeout)
        {
            failures.Add($"{S}:AttemptTimeout must be more than zero and at most {S}:Timeout.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{S}:MaxRetries must be from 0 to 10.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{S}:MaxRetryAfter must not be negative.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay || options.MaxRetryDelay > TimeSpan.FromDays(7))
        {
            failures.Add($"{S}:RetryDelay must be more than zero and at most {S}:MaxRetryDelay (at most 7 days; a queue message waits no longer).");
        }

        if (options.QuotaRetryDelay < TimeSpan.Zero || options.QuotaRetryDelay > TimeSpan.FromDays(7))
        {
            failures.Add($"{S}:QuotaRetryDelay must be between 00:00:00 and 7.00:00:00.");
        }

        if (options.MaxAttempts is < 1 or > 1000)
        {
            failures.Add($"{S}:MaxAttempts must be from 1 to 1000.");
        }

        if (options.LanguagesCacheDuration <= TimeSpan.Zero)
        {
            failures.Add($"{S}:LanguagesCacheDuration must be more than zero.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
