using MimeKit;

namespace Marketplace.Email;

/// <summary>
/// Recognises mail a machine sent: auto-replies (out of office, vacation), list and bulk mail, and bounces (delivery status
/// notifications). Such mail never becomes a message and is never answered, so two auto-responders cannot loop through us.
/// </summary>
public static class AutomaticMail
{
    private static readonly string[] s_autoReplyHeaders = ["X-Autoreply", "X-Autorespond", "X-Autoresponder"];

    /// <returns>Why the mail is automatic, or null for mail a person wrote.</returns>
    public static string? ReasonFor(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Headers;
        if (headers[HeaderId.AutoSubmitted] is { } autoSubmitted && !autoSubmitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {autoSubmitted.Trim()}";
        }

        if (headers[HeaderId.Precedence] is { } precedence
            && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return $"Precedence: {precedence.Trim()}";
        }

        foreach (var name in s_autoReplyHeaders)
        {
            if (headers.Contains(name))
            {
                return name;
            }
        }

        // RFC 5321: delivery notifications are sent with an empty reverse path ("<>"), and RFC 3464 reports are multipart/report.
        if (headers[HeaderId.ReturnPath] is { } returnPath && returnPath.Trim() == "<>")
        {
            return "empty Return-Path (a delivery notification)";
        }

        if (message.Body is MultipartReport)
        {
            return "multipart/report (a delivery notification)";
        }

        return message.From.Mailboxes.FirstOrDefault()?.LocalPart.ToLowerInvariant() is "mailer-daemon" or "postmaster"
            ? "sent by a mail system (mailer-daemon)"
            : null;
    }
}
