using System.Net;
using Marketplace.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EmailRelay;

/// <summary>Refuses to start with the relay on and no domain it can use, no way to send, or an unusable listener.</summary>
internal sealed class EmailRelayOptionsValidator : IValidateOptions<EmailRelayOptions>
{
    private const string S = EmailRelayOptions.Section;

    public ValidateOptionsResult Validate(string? name, EmailRelayOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            if (Uri.CheckHostName(options.Domain) != UriHostNameType.Dns || !options.Domain!.Contains('.', StringComparison.Ordinal))
            {
                failures.Add($"{S}:Domain must be a DNS domain such as relay.example.com (the part after '@' of every alias).");
            }

            if (string.IsNullOrWhiteSpace(options.SmtpHost) && string.IsNullOrWhiteSpace(options.PickupDirectory))
            {
                failures.Add($"{S}:SmtpHost (the server outbound mail goes through) or {S}:PickupDirectory (a folder for .eml files) must be set.");
            }
        }

        if (options.ListenPort is { } port && (port is < 1 or > 65535 || !options.Enabled))
        {
            failures.Add($"{S}:ListenPort must be from 1 to 65535, and needs {S}:Domain set.");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{S}:ListenAddress must be an IP address such as 127.0.0.1 or 0.0.0.0.");
        }

        if (options.MaxMessageBytes is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            failures.Add($"{S}:MaxMessageBytes must be from 65536 to 104857600.");
        }

        if (options.InboundWebhookSecret is { } secret && (secret.Length < 16 || KeyVaultReference.IsUnresolved(secret)))
        {
            failures.Add($"{S}:InboundWebhookSecret must be at least 16 characters (a resolved Key Vault reference in Azure).");
        }

        if (options.SmtpPort is < 1 or > 65535)
        {
            failures.Add($"{S}:SmtpPort must be from 1 to 65535.");
        }

        if (options.SmtpSecurity is not ("auto" or "none" or "starttls" or "tls"))
        {
            failures.Add($"{S}:SmtpSecurity must be auto, none, starttls or tls.");
        }

        if (options.TranslationWait < TimeSpan.Zero || options.TranslationWait > TimeSpan.FromHours(1))
        {
            failures.Add($"{S}:TranslationWait must be from 00:00:00 (never wait for a translation) to 01:00:00.");
        }

        if (options.TranslationRecheck < TimeSpan.FromMilliseconds(100) || options.TranslationRecheck > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{S}:TranslationRecheck must be from 00:00:00.1 to 00:05:00.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
