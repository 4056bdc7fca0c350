namespace Marketplace.Email;

/// <summary>
/// An email as the relay reads it: who sent it to which addresses, how it threads, the text the sender wrote now (quoted
/// replies and signatures removed), its files, and whether a machine sent it (an auto-reply or a bounce, which must never
/// become a message or be answered).
/// </summary>
public sealed record InboundEmail(
    string? MessageId,
    string? From,
    IReadOnlyList<string> To,
    string? Subject,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string NewText,
    IReadOnlyList<InboundAttachment> Attachments,
    string? AutomaticReason)
{
    public bool IsAutomatic => AutomaticReason is not null;
}

/// <summary>A file carried by an email: an attachment, or an image shown inline in the body.</summary>
public sealed record InboundAttachment(string FileName, string ContentType, byte[] Content, bool Inline);
