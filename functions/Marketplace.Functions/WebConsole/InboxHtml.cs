using System.Globalization;
using System.Text;
using Marketplace.Domain.Conversations;
using Marketplace.Functions.Deadlines;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>The inbox page's content: conversations awaiting my reply first (soonest deadline first), then the rest, newest first.</summary>
internal static class InboxHtml
{
    /// <param name="deadlines">The seller's open reply deadlines by conversation (empty for a buyer).</param>
    /// <param name="urgentUnder">Under this much time left a countdown turns red: the last reminder's offset.</param>
    public static string Render(IReadOnlyList<InboxEntry> entries, IReadOnlyDictionary<string, OpenDeadlineView> deadlines, TimeSpan urgentUnder, DateTimeOffset now)
    {
        if (entries.Count == 0)
        {
            return "<p>No conversations yet.</p>";
        }

        var ordered = entries
            .OrderByDescending(e => e.AwaitingMyReply)
            .ThenBy(e => deadlines.TryGetValue(e.ConversationId, out var d) ? d.DueAt : DateTimeOffset.MaxValue)
            .ThenByDescending(e => e.LastMessageAt ?? e.CreatedAt);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <p>{entries.Count(e => e.AwaitingMyReply)} awaiting your reply.</p>
            <table>
            <caption class="meta">Conversations awaiting your reply come first; a deadline turns red under {E(Duration(urgentUnder))} left.</caption>
            <thead><tr><th scope="col">Conversation</th><th scope="col">With</th><th scope="col">Last message</th><th scope="col">Reply due</th><th scope="col">Unread</th></tr></thead>
            <tbody>
            """);
        foreach (var entry in ordered)
        {
            var title = entry.OrderId is { } order ? $"Order {order}" : entry.ListingId is { } listing ? $"Question on {listing}" : entry.ConversationId;
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr class="{(entry.AwaitingMyReply ? "awaiting" : "")}" data-conversation="{E(entry.ConversationId)}">
                <td data-label="Conversation"><a href="/console/conversations/{E(Uri.EscapeDataString(entry.ConversationId))}">{E(title)}</a> <span class="badge">{E(entry.Kind.ToString().ToLowerInvariant())}</span></td>
                <td data-label="With">{E(entry.CounterpartId)}</td>
                <td data-label="Last message">{E(entry.LastMessagePreview)}<br><span class="meta">{(entry.LastMessageAt is { } at ? Time(at) : "")}</span></td>
                <td data-label="Reply due">{Due(entry, deadlines, urgentUnder, now)}</td>
                <td data-label="Unread">{entry.Unread}</td>
                </tr>
                """);
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }

    private static string Due(InboxEntry entry, IReadOnlyDictionary<string, OpenDeadlineView> deadlines, TimeSpan urgentUnder, DateTimeOffset now)
    {
        if (!entry.AwaitingMyReply)
        {
            return "";
        }

        if (!deadlines.TryGetValue(entry.ConversationId, out var deadline))
        {
            // The deadline is recorded by its workflow a moment after the buyer's message.
            return entry.AwaitingReplySince is { } since ? $"<span class=\"meta\">Awaiting since {Time(since)}</span>" : "";
        }

        var left = deadline.DueAt - now;
        var text = left < TimeSpan.Zero ? $"overdue by {Duration(left)}" : $"{Duration(left)} left";
        return $"<span class=\"countdown{(left < urgentUnder ? " urgent" : "")}\" data-due=\"{deadline.DueAt.ToUniversalTime():O}\" "
            + $"data-urgent-seconds=\"{(long)urgentUnder.TotalSeconds}\" role=\"timer\" aria-live=\"off\">{E(text)}</span>"
            + $"<br><span class=\"meta\">due {Time(deadline.DueAt)}</span>";
    }
}
