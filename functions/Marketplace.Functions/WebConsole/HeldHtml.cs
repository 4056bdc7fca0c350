using System.Globalization;
using System.Text;
using Marketplace.Functions.Messaging.Api;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>The held-messages page's content: each message the content policy held, why, and approve or reject.</summary>
internal static class HeldHtml
{
    public static string Render(IReadOnlyList<HeldMessageView> held, string? notice)
    {
        var html = new StringBuilder(notice);
        if (held.Count == 0)
        {
            return html.Append("<p>No messages are waiting for review.</p>").ToString();
        }

        html.Append("""
            <table>
            <thead><tr><th scope="col">Conversation</th><th scope="col">Author</th><th scope="col">Message</th><th scope="col">Why it was held</th><th scope="col">Decision</th></tr></thead>
            <tbody>
            """);
        foreach (var item in held)
        {
            var message = item.Message;
            var path = $"/console/held/{Uri.EscapeDataString(item.ConversationId)}/{message.Id}";
            var reasons = message.Moderation is { } moderation
                ? moderation.Violations.Select(v => v.Explanation).Concat(moderation.Findings.Where(f => f.Action != "allow").Select(f => f.Explanation)).Distinct(StringComparer.Ordinal)
                : [];
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr data-held="{E(item.ConversationId)}/{message.Id}">
                <td data-label="Conversation"><a href="/console/conversations/{E(Uri.EscapeDataString(item.ConversationId))}">{E(item.ConversationId)}</a><br><span class="meta">{E(item.Marketplace)} · {Time(message.SentAt)}</span></td>
                <td data-label="Author">{E(message.AuthorRole)} {E(message.AuthorId)}</td>
                <td data-label="Message">{E(message.OriginalText ?? message.Text)}</td>
                <td data-label="Why it was held"><ul>{string.Concat(reasons.Select(r => $"<li>{E(r)}</li>"))}</ul></td>
                <td data-label="Decision"><div class="actions">
                {PostButton(path + "/approve", "Approve")}
                {PostButton(path + "/reject", "Reject", css: "danger")}
                </div></td>
                </tr>
                """);
        }

        return html.Append("</tbody></table>").ToString();
    }
}
