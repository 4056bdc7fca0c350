using System.Globalization;
using System.Text;
using Marketplace.Functions.Messaging.Api;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>A conversation page's content: the order, its messages as the reader may see them, and the reply box.</summary>
internal static class ConversationHtml
{
    /// <param name="myRole">"buyer" or "seller" when the reader takes part (and may reply); null for staff.</param>
    /// <param name="notice">A sentence above the reply box (refusal or outcome), already HTML.</param>
    public static string Render(ConversationView conversation, IReadOnlyList<MessageView> messages, string? myRole, string? draft, string? notice)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <p class="meta">{E(conversation.Kind)} · {E(conversation.Marketplace)} · buyer {E(conversation.BuyerId)} · seller {E(conversation.SellerId)} · order status {E(conversation.OrderStatus)}</p>
            """);
        if (conversation.Items.Count > 0)
        {
            html.Append("<p>Items: ")
                .AppendJoin(", ", conversation.Items.Select(i => $"{E(i.Title)} × {i.Quantity}"))
                .Append("</p>");
        }

        html.Append("<h2>Messages</h2><ol class=\"messages\">");
        foreach (var message in messages)
        {
            var mine = message.AuthorRole == myRole;
            html.Append(CultureInfo.InvariantCulture, $"""
                <li class="{(mine ? "mine" : "")}" data-message="{message.Id}">
                <p class="meta"><strong>{E(mine ? "You" : message.AuthorRole)}</strong> ({E(message.AuthorId)}) · {Time(message.SentAt)}{Status(message)}{Translation(message)}</p>
                <p>{E(message.Text)}</p>
                {Original(message)}{Attachments(conversation.Id, message)}
                </li>
                """);
        }

        html.Append("</ol>");
        if (messages.Count == 0)
        {
            html.Append("<p>No messages yet.</p>");
        }

        if (myRole is not null)
        {
            var id = Uri.EscapeDataString(conversation.Id);
            html.Append(CultureInfo.InvariantCulture, $"""
                <h2 id="reply-heading">Reply</h2>
                {notice}
                <form id="reply" method="post" action="/console/conversations/{E(id)}/reply" data-check="/console/conversations/{E(id)}/check" aria-labelledby="reply-heading">
                  <label for="reply-text">Your message</label>
                  <textarea id="reply-text" name="text" rows="5" maxlength="20000" required>{E(draft)}</textarea>
                  <div id="policy-findings" class="findings" role="status" aria-live="polite"></div>
                  <div class="actions">
                    <button type="button" id="check-button" class="secondary">Check</button>
                    <button type="submit">Send</button>
                  </div>
                </form>
                """);
        }

        return html.ToString();
    }

    private static string Status(MessageView message) => message.Status == "delivered" ? "" : $" · <span class=\"badge\">{E(message.Status)}</span>";

    private static string Translation(MessageView message) => message.Translation is { Status: TranslationView.Translated, Language: var language }
        ? $" · translated to {E(language)}"
        : "";

    private static string Original(MessageView message) => message.Original is { } original && original != message.Text
        ? $"<details><summary>Original{(message.DetectedLanguage is { } lang ? $" ({E(lang)})" : "")}</summary><p>{E(original)}</p></details>"
        : "";

    // Files we store download through the console; a marketplace's own (by URL) are named only.
    private static string AttachmentLink(string conversationId, Domain.Conversations.MessageAttachment attachment) => attachment.ExternalUrl is null
        ? $"<a href=\"/console/conversations/{E(Uri.EscapeDataString(conversationId))}/attachments/{E(Uri.EscapeDataString(attachment.Id))}\">{E(attachment.FileName)}</a>"
        : E(attachment.FileName);

    private static string Attachments(string conversationId, MessageView message) => message.Attachments.Count == 0
        ? ""
        : "<ul class=\"meta\" aria-label=\"Attachments\">"
            + string.Concat(message.Attachments.Select(a => $"<li>{AttachmentLink(conversationId, a)} ({E(a.ContentType)}, {a.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)</li>"))
            + "</ul>";
}
