using System.Text;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Configuration;

/// <summary>Refuses to start with a weak or missing signing key, issuer or audience.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (KeyVaultReference.IsUnresolved(options.SigningKey))
        {
            failures.Add($"{AuthOptions.Section}:SigningKey is a Key Vault reference the platform did not resolve; grant the app's identity 'Key Vault Secrets User' and restart it.");
        }
        else if (Encoding.UTF8.GetByteCount(options.SigningKey ?? "") < MinKeyBytes)
        {
            failures.Add($"{AuthOptions.Section}:SigningKey must be at least {MinKeyBytes} bytes (HMAC-SHA256); locally see appsettings.Development.json.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{AuthOptions.Section}:Issuer must be set: the 'iss' tokens carry.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{AuthOptions.Section}:Audience must be set: the 'aud' tokens carry.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.TokenLifetime > TimeSpan.FromDays(30))
        {
            failures.Add($"{AuthOptions.Section}:TokenLifetime must be between 00:00:01 and 30.00:00:00.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{AuthOptions.Section}:ClockSkew must be between 00:00:00 and 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
