using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Marketplace.Storage.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// Builds the email of a delivered message: from the author's alias (also Reply-To), to the recipient's registered addresses,
/// the text in the recipient's language when a translation exists with the original below, the stored attachments as MIME
/// parts, and threading headers that keep one conversation one thread in mail clients: each message's Message-ID is derived
/// from the conversation and sequence, In-Reply-To names the previous message and References the conversation's root and
/// recent messages. Nothing in it names either party's real address.
/// </summary>
internal sealed class RelayEmailComposer(
    ReaderLanguages languages, MessageTranslationStore translations, MessageTranslations translating, AttachmentBlobStore blobs,
    IOptions<EmailRelayOptions> options)
{
    private const int ReferencedMessages = 10;

    /// <summary>
    /// Whether the recipient's translation of the message is still to come: translation is on, the recipient's language is
    /// known, and no outcome (translated, withheld or failed) is recorded yet.
    /// </summary>
    public async Task<bool> TranslationPendingAsync(Conversation conversation, Message message, PartyRole recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);
        return translating.Enabled && message.Text.Length > 0
            && await languages.PreferredAsync(conversation, recipient, cancellationToken).ConfigureAwait(false) is { } language
            && await translations.GetAsync(conversation.Id, message.Sequence, language, cancellationToken).ConfigureAwait(false) is null;
    }

    public async Task<MimeMessage> ComposeAsync(
        Conversation conversation, Message message, EmailAlias from, PartyRole recipient, IReadOnlyList<string> to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var domain = options.Value.Domain!;
        var sender = new MailboxAddress(DisplayName(message.AuthorRole, conversation.Marketplace), $"{from.LocalPart}@{domain}");
        var mail = new MimeMessage();
        mail.From.Add(sender);
        mail.ReplyTo.Add(sender);
        mail.To.AddRange(to.Select(address => MailboxAddress.Parse(address)));
        mail.Subject = (message.Sequence > 1 ? "Re: " : "") + Subject(conversation);
        mail.Date = message.SentAt;
        var thread = ThreadId(conversation.Id);
        mail.MessageId = MessageId(thread, message.Sequence, domain);
        mail.InReplyTo = message.Sequence > 1 ? MessageId(thread, message.Sequence - 1, domain) : $"c.{thread}@{domain}";
        mail.References.Add($"c.{thread}@{domain}");
        for (var s = Math.Max(1, message.Sequence - ReferencedMessages); s < message.Sequence; s++)
        {
            mail.References.Add(MessageId(thread, s, domain));
        }

        // Out-of-office and other auto-replies to relay mail are dropped on the way in; this asks Exchange not to send them.
        mail.Headers.Add("X-Auto-Response-Suppress", "All");

        var body = new BodyBuilder { TextBody = await TextAsync(conversation, message, recipient, cancellationToken).ConfigureAwait(false) };
        foreach (var attachment in message.Attachments.Where(a => a.ExternalUrl is null))
        {
            await using var content = await blobs.OpenReadAsync(conversation.Id, attachment.Id, cancellationToken).ConfigureAwait(false);
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            await body.Attachments.AddAsync(attachment.FileName, new MemoryStream(copy.ToArray()), ContentType.Parse(attachment.ContentType), cancellationToken)
                .ConfigureAwait(false);
        }

        mail.Body = body.ToMessageBody();
        return mail;
    }

    private async Task<string> TextAsync(Conversation conversation, Message message, PartyRole recipient, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var language = await languages.PreferredAsync(conversation, recipient, cancellationToken).ConfigureAwait(false);
        var translation = language is null
            ? null
            : await translations.GetAsync(conversation.Id, message.Sequence, language, cancellationToken).ConfigureAwait(false);
        if (translation is { Outcome: TranslationOutcome.Translated, Text: { Length: > 0 } translated })
        {
            text.Append(translated).Append("\n\n----- Original -----\n").Append(message.Text);
        }
        else
        {
            text.Append(message.Text);
        }

        foreach (var external in message.Attachments.Where(a => a.ExternalUrl is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{external.FileName}: {external.ExternalUrl}]");
        }

        // "-- " starts a signature, which the relay cuts from replies: quoting this email never brings it back as text.
        text.Append(CultureInfo.InvariantCulture,
            $"\n\n-- \nReply to this email to answer the {(message.AuthorRole == PartyRole.Buyer ? "buyer" : "seller")}. Your email address stays private; {conversation.Marketplace} relays the message.\n");
        return text.ToString();
    }

    private static string DisplayName(PartyRole author, string marketplace) =>
        $"{(author == PartyRole.Buyer ? "Buyer" : "Seller")} via {marketplace}";

    private static string Subject(Conversation conversation) => conversation.Kind switch
    {
        ConversationKind.Question => $"Question about listing {conversation.ListingId}",
        ConversationKind.Claim => $"Claim on order {conversation.OrderId}",
        _ => $"Order {conversation.OrderId}",
    };

    // Derived, not random: every email of the conversation references the same root, and a resend keeps its id.
    private static string ThreadId(string conversationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)))[..24];

    private static string MessageId(string thread, long sequence, string domain) =>
        string.Create(CultureInfo.InvariantCulture, $"m{sequence}.{thread}@{domain}");
}
