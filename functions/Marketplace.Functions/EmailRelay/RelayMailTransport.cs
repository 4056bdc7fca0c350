using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Marketplace.Functions.EmailRelay;

/// <summary>Where outbound relay mail goes: an SMTP server (MailKit), or a pickup folder of .eml files when none is set.</summary>
internal interface IRelayMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends through <see cref="EmailRelayOptions.SmtpHost"/>, one connection per email (a failure is the queue's to retry).</summary>
internal sealed class SmtpRelayMailTransport(IOptions<EmailRelayOptions> options) : IRelayMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient();
        var security = settings.SmtpSecurity switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
        {
            await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Writes each email to <see cref="EmailRelayOptions.PickupDirectory"/> as "{time}-{id}.eml" (written under a temporary name,
/// then renamed, so a reader never sees half a file). Local runs and tests; any mail client opens the files.
/// </summary>
internal sealed class PickupDirectoryMailTransport(IOptions<EmailRelayOptions> options, TimeProvider time) : IRelayMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var directory = Path.GetFullPath(options.Value.PickupDirectory!);
        Directory.CreateDirectory(directory);
        var name = $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(directory, name + ".tmp");
        await message.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, Path.Combine(directory, name + ".eml"));
    }
}
