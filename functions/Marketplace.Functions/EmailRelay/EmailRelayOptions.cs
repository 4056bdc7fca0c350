namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// The anonymised email relay ("EmailRelay" section). Off unless <see cref="Domain"/> is set: then parties who register
/// addresses and turn notifications on get delivered messages by email from the other party's alias, and mail to an alias
/// comes back as their message.
/// </summary>
public sealed class EmailRelayOptions
{
    public const string Section = "EmailRelay";

    /// <summary>The domain of every alias (its MX points at the inbound listener or the provider); empty: relay off.</summary>
    public string? Domain { get; set; }

    /// <summary>The port the self-host's SMTP listener takes mail on; unset: no listener (in Azure: the signed inbound webhook).</summary>
    public int? ListenPort { get; set; }

    /// <summary>The address the SMTP listener binds to (loopback by default; 0.0.0.0 behind a firewall that only the MX may pass).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The largest inbound email accepted, in bytes (SMTP SIZE and the webhook's body).</summary>
    public int MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>The HMAC secret an email provider signs <c>POST /api/email/inbound</c> with; unset: that endpoint answers 404.</summary>
    public string? InboundWebhookSecret { get; set; }

    /// <summary>The SMTP server outbound mail goes through; unset: written to <see cref="PickupDirectory"/>.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary><c>auto</c> (STARTTLS when offered), <c>none</c>, <c>starttls</c> (required) or <c>tls</c> (implicit, port 465).</summary>
    public string SmtpSecurity { get; set; } = "auto";

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Where outbound mail is written as .eml files when no SMTP server is set (local runs and tests).</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>
    /// How long a delivered message's email waits for the reader's translation (queued with the message; an email sent at
    /// once would nearly always go before it) before it goes with the original alone. Zero: never wait.
    /// </summary>
    public TimeSpan TranslationWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a waiting email looks again for its translation.</summary>
    public TimeSpan TranslationRecheck { get; set; } = TimeSpan.FromSeconds(2);

    public bool Enabled => !string.IsNullOrWhiteSpace(Domain);
}
