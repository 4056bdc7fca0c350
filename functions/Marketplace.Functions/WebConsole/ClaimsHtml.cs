using System.Globalization;
using System.Text;
using Marketplace.Functions.Claims;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>The claims pages' content: open claims with the time left in their window; one claim with its actions and timeline.</summary>
internal static class ClaimsHtml
{
    public static string List(IReadOnlyList<ClaimView> claims, TimeSpan urgentUnder, DateTimeOffset now)
    {
        var open = claims.Where(c => !c.IsFinal).OrderBy(c => c.DueAt).ToList();
        if (open.Count == 0)
        {
            return "<p>No open claims.</p>";
        }

        var html = new StringBuilder("""
            <table>
            <caption class="meta">Open claims, the soonest window end first.</caption>
            <thead><tr><th scope="col">Claim</th><th scope="col">Reason</th><th scope="col">State</th><th scope="col">Time left</th><th scope="col">Your actions</th></tr></thead>
            <tbody>
            """);
        foreach (var claim in open)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr data-claim="{E(claim.Id)}">
                <td data-label="Claim"><a href="/console/claims/{E(Uri.EscapeDataString(claim.Id))}">{E(claim.Id)}</a><br><span class="meta">order {E(claim.OrderId)} · {claim.OrderTotal.ToString("0.00", CultureInfo.InvariantCulture)} {E(claim.Currency)}</span></td>
                <td data-label="Reason">{E(claim.Reason)} · wants {E(claim.DesiredResolution)}</td>
                <td data-label="State">{E(claim.State)}</td>
                <td data-label="Time left">{Countdown(claim.DueAt, urgentUnder, now)}</td>
                <td data-label="Your actions">{E(string.Join(", ", claim.AvailableActions.Select(a => a.Action)))}</td>
                </tr>
                """);
        }

        return html.Append("</tbody></table>").ToString();
    }

    public static string Detail(ClaimView claim, IReadOnlyList<ClaimTimelineView> timeline, TimeSpan urgentUnder, DateTimeOffset now, string? notice)
    {
        var html = new StringBuilder(notice);
        html.Append(CultureInfo.InvariantCulture, $"""
            <dl>
            <dt>Order</dt><dd>{E(claim.OrderId)} ({claim.OrderTotal.ToString("0.00", CultureInfo.InvariantCulture)} {E(claim.Currency)}) · buyer {E(claim.BuyerId)} · seller {E(claim.SellerId)}</dd>
            <dt>Reason</dt><dd>{E(claim.Reason)}, wants {E(claim.DesiredResolution)}</dd>
            {(claim.Description is { } description ? $"<dt>Description</dt><dd>{E(description)}</dd>" : "")}
            <dt>State</dt><dd>{E(claim.State)}{(claim.OfferedAmount is { } offered ? $" · offered {offered.ToString("0.00", CultureInfo.InvariantCulture)}" : "")}{(claim.RefundAmount is { } refund ? $" · refund {refund.ToString("0.00", CultureInfo.InvariantCulture)}" : "")}</dd>
            <dt>Time left</dt><dd>{(claim.IsFinal ? "closed" : Countdown(claim.DueAt, urgentUnder, now))}</dd>
            </dl>
            <p><a href="/console/conversations/{E(Uri.EscapeDataString(claim.ConversationId))}">The claim's conversation</a></p>
            """);
        if (claim.AvailableActions.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <h2>Your actions</h2>
                <form method="post" action="/console/claims/{E(Uri.EscapeDataString(claim.Id))}/act">
                  <label for="amount">Amount ({E(claim.Currency)}; for an offer or a partial refund)</label>
                  <input type="text" inputmode="decimal" id="amount" name="amount" autocomplete="off">
                  <label for="reason">Reason (for a decision)</label>
                  <input type="text" id="reason" name="reason" maxlength="1000" autocomplete="off">
                  <div class="actions">
                """);
            foreach (var action in claim.AvailableActions)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<button type=\"submit\" name=\"action\" value=\"{E(action.Action)}\">{E(Label(action.Action))}</button>");
            }

            html.Append("</div></form>");
        }

        html.Append("<h2>Timeline</h2><ol class=\"messages\">");
        foreach (var entry in timeline)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <li><p class="meta">{Time(entry.At)} · {E(entry.Actor)} {E(entry.ActorId)}</p>
                <p><strong>{E(Label(entry.Action))}</strong>: {E(entry.From)} → {E(entry.To)}{(entry.Amount is { } amount ? $" · {amount.ToString("0.00", CultureInfo.InvariantCulture)}" : "")}{(entry.Reason is { } why ? $" · {E(why)}" : "")}</p></li>
                """);
        }

        return html.Append("</ol>").ToString();
    }

    private static string Label(string action) => action.Length == 0 ? action : char.ToUpperInvariant(action[0]) + action[1..].Replace('_', ' ');

    private static string Countdown(DateTimeOffset dueAt, TimeSpan urgentUnder, DateTimeOffset now)
    {
        var left = dueAt - now;
        var text = left < TimeSpan.Zero ? $"overdue by {Duration(left)}" : $"{Duration(left)} left";
        return $"<span class=\"countdown{(left < urgentUnder ? " urgent" : "")}\" data-due=\"{dueAt.ToUniversalTime():O}\" "
            + $"data-urgent-seconds=\"{(long)urgentUnder.TotalSeconds}\" role=\"timer\" aria-live=\"off\">{E(text)}</span>";
    }
}
