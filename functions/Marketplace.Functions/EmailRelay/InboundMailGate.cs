using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Marketplace.Email;
using Marketplace.Storage;
using Marketplace.Storage.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// Decides whether inbound mail is taken, for the SMTP listener and the signed inbound webhook alike, and queues what is:
/// the recipient must be a live alias under the relay domain, the From address one of the writing party's registered
/// addresses, no SPF/DKIM/DMARC failure recorded; automatic mail (auto-replies, bounces) is taken and dropped, so nothing
/// answers it and it never becomes a message. Only validation and a durable hand-off happen here (the raw mail to a blob, a
/// job on <c>inbound-emails</c>); <see cref="InboundEmailProcessor"/> stores it.
/// </summary>
internal sealed class InboundMailGate(
    EmailAliasStore aliases, ConversationStore conversations, PartySettingsStore settings, BlobServiceClient blobs, QueueServiceClient queues,
    StorageNames names, IOptions<EmailRelayOptions> options, TimeProvider time, ILogger<InboundMailGate> logger)
{
    /// <summary>The live alias an envelope recipient names, or why mail to it bounces.</summary>
    public async Task<(EmailAlias? Alias, MailRefusal? Refusal)> CheckRecipientAsync(string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        if (at <= 0 || !string.Equals(address[(at + 1)..], options.Value.Domain, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(MailRefusal.NotRelayDomain());
        }

        var alias = await aliases.FindAsync(address[..at], cancellationToken).ConfigureAwait(false);
        return alias switch
        {
            null => Refuse(MailRefusal.UnknownAlias()),
            { IsRevoked: true } => Refuse(MailRefusal.Revoked(alias.RevokedReason!)),
            _ => (alias, null),
        };
    }

    /// <summary>Checks and queues a whole email for its envelope recipients (all must be live aliases).</summary>
    public async Task<InboundOutcome> AcceptAsync(IReadOnlyList<string> recipients, ReadOnlyMemory<byte> mime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (mime.Length > options.Value.MaxMessageBytes)
        {
            return InboundOutcome.Refuse(Log(MailRefusal.TooLarge(options.Value.MaxMessageBytes)));
        }

        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(mime.ToArray(), writable: false);
            message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            return InboundOutcome.Refuse(Log(MailRefusal.Unreadable()));
        }

        using (message)
        {
            // Taken and dropped, not refused: a bounce of a bounce is how mail loops start.
            if (AutomaticMail.ReasonFor(message) is { } automatic)
            {
                EmailRelayLog.AutomaticIgnored(logger, automatic);
                return InboundOutcome.Ignore(automatic);
            }

            if (SenderAuthentication.FailedCheck(message) is { } failed)
            {
                return InboundOutcome.Refuse(Log(MailRefusal.AuthenticationFailed(failed)));
            }

            var targets = new List<EmailAlias>();
            foreach (var recipient in recipients.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var (alias, refusal) = await CheckRecipientAsync(recipient, cancellationToken).ConfigureAwait(false);
                if (refusal is not null)
                {
                    return InboundOutcome.Refuse(refusal);
                }

                if (await CheckSenderAsync(alias!, message, cancellationToken).ConfigureAwait(false) is { } notSender)
                {
                    return InboundOutcome.Refuse(Log(notSender));
                }

                targets.Add(alias!);
            }

            if (targets.Count == 0)
            {
                return InboundOutcome.Refuse(Log(MailRefusal.UnknownAlias()));
            }

            foreach (var alias in targets)
            {
                await QueueAsync(alias, mime, cancellationToken).ConfigureAwait(false);
            }

            return InboundOutcome.Accept(targets.Count);
        }
    }

    // Only the writing party (the alias owner's counterpart) may write to it, from an address they registered.
    private async Task<MailRefusal?> CheckSenderAsync(EmailAlias alias, MimeMessage message, CancellationToken cancellationToken)
    {
        var from = message.From.Mailboxes.FirstOrDefault()?.Address;
        if (from is null || await conversations.GetAsync(alias.ConversationId, cancellationToken).ConfigureAwait(false) is not { } conversation)
        {
            return MailRefusal.SenderNotRegistered();
        }

        var writer = await settings.GetEmailAsync(
            alias.Marketplace, alias.Writer == Domain.Events.PartyRole.Buyer ? "buyer" : "seller", conversation.PartyId(alias.Writer), cancellationToken)
            .ConfigureAwait(false);
        return writer.IsRegistered(from) ? null : MailRefusal.SenderNotRegistered();
    }

    private async Task QueueAsync(EmailAlias alias, ReadOnlyMemory<byte> mime, CancellationToken cancellationToken)
    {
        // The mail is kept whole until it is stored: a queue message holds 64 KB, an email up to MaxMessageBytes.
        var blobName = $"{time.GetUtcNow():yyyyMMdd}/{Guid.NewGuid():N}.eml";
        await blobs.GetBlobContainerClient(names.InboundEmailContainer).GetBlobClient(blobName)
            .UploadAsync(BinaryData.FromBytes(mime), cancellationToken).ConfigureAwait(false);
        var job = new InboundEmailJob(blobName, alias.LocalPart, time.GetUtcNow());
        await queues.GetQueueClient(names.InboundEmailsQueue)
            .SendMessageAsync(JsonSerializer.Serialize(job, EmailRelayJsonContext.Default.InboundEmailJob), cancellationToken).ConfigureAwait(false);
        EmailRelayLog.Queued(logger, alias.ConversationId, mime.Length);
    }

    private (EmailAlias?, MailRefusal?) Refuse(MailRefusal refusal) => (null, Log(refusal));

    private MailRefusal Log(MailRefusal refusal)
    {
        EmailRelayLog.Refused(logger, refusal.Code, refusal.ToString());
        return refusal;
    }
}

/// <summary>What became of an inbound email: queued for its aliases, ignored (automatic mail), or refused with a reason.</summary>
internal sealed record InboundOutcome(int Queued, string? IgnoredReason, MailRefusal? Refusal)
{
    public static InboundOutcome Accept(int queued) => new(queued, null, null);

    public static InboundOutcome Ignore(string reason) => new(0, reason, null);

    public static InboundOutcome Refuse(MailRefusal refusal) => new(0, null, refusal);
}

/// <summary>An accepted email waiting on <c>inbound-emails</c>: its raw bytes' blob and the alias it was sent to.</summary>
public sealed record InboundEmailJob(string BlobName, string Alias, DateTimeOffset ReceivedAt);
