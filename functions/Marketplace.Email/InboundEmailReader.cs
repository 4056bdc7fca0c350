using MimeKit;

namespace Marketplace.Email;

/// <summary>
/// Reads a raw email (RFC 5322 / MIME, as an SMTP server or a provider's inbound webhook hands it over) into what the relay
/// needs. The text part is preferred; an HTML-only mail loses its quoted part, then becomes text. Charsets are MimeKit's
/// (a part in ISO-8859-2 or windows-1252 reads correctly); attachments and inline images keep their bytes.
/// </summary>
public static class InboundEmailReader
{
    // .NET knows only the Unicode charsets and Latin-1 by itself; mail still comes in ISO-8859-2, windows-1250 and the like.
    static InboundEmailReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static async Task<InboundEmail> ReadAsync(Stream mime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mime);
        var message = await MimeMessage.LoadAsync(mime, cancellationToken).ConfigureAwait(false);
        return await FromAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<InboundEmail> FromAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attachments = new List<InboundAttachment>();
        foreach (var part in message.BodyParts.OfType<MimePart>().Where(p => IsFile(p) && p.Content is not null))
        {
            using var content = new MemoryStream();
            await part.Content!.DecodeToAsync(content, cancellationToken).ConfigureAwait(false);
            var inline = part.ContentDisposition?.Disposition != ContentDisposition.Attachment;
            attachments.Add(new InboundAttachment(
                part.FileName ?? (inline ? "inline-image" : "attachment"), part.ContentType.MimeType.ToLowerInvariant(), content.ToArray(), inline));
        }

        return new InboundEmail(
            message.MessageId,
            message.From.Mailboxes.FirstOrDefault()?.Address,
            [.. message.To.Mailboxes.Select(m => m.Address)],
            message.Subject,
            message.InReplyTo,
            [.. message.References],
            QuotedReplyStripper.NewText(BodyText(message)),
            attachments,
            AutomaticMail.ReasonFor(message));
    }

    private static string BodyText(MimeMessage message)
    {
        if (message.TextBody is { } text)
        {
            return text;
        }

        return message.HtmlBody is { } html ? HtmlText.ToPlain(HtmlQuotes.WithoutQuote(html)) : "";
    }

    // A file is any part that is neither text nor a mail system's report, or a text part marked as an attachment (a .txt sent
    // along); the body's own text parts are not.
    private static bool IsFile(MimePart part) =>
        part.ContentDisposition?.Disposition == ContentDisposition.Attachment
        || !(part.ContentType.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase) || part.ContentType.MediaType.Equals("message", StringComparison.OrdinalIgnoreCase));
}
