using System.Globalization;
using System.Text;
using Marketplace.Functions.Refunds;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>Finance's refunds page content: refunds waiting for approval, oldest first, with their approvals so far.</summary>
internal static class RefundsHtml
{
    public static string Render(IReadOnlyList<RefundView> refunds, string? notice, DateTimeOffset now)
    {
        var html = new StringBuilder(notice);
        if (refunds.Count == 0)
        {
            return html.Append("<p>No refunds are waiting for approval.</p>").ToString();
        }

        html.Append("""
            <table>
            <caption class="meta">Oldest first. Above the four-eyes amount a refund needs two different approvers.</caption>
            <thead><tr><th scope="col">Refund</th><th scope="col">Amount</th><th scope="col">Why</th><th scope="col">Waiting</th><th scope="col">Approvals</th><th scope="col">Decision</th></tr></thead>
            <tbody>
            """);
        foreach (var refund in refunds)
        {
            var path = $"/console/refunds/{Uri.EscapeDataString(refund.Id)}";
            var reasonId = "reason-" + refund.Id;
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr data-refund="{E(refund.Id)}">
                <td data-label="Refund">{E(refund.Id)}<br><span class="meta">{E(refund.Marketplace)} · order {E(refund.OrderId)} · buyer {E(refund.BuyerId)} · seller {E(refund.SellerId)}</span></td>
                <td data-label="Amount">{refund.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {E(refund.Currency)}</td>
                <td data-label="Why">{E(refund.Reason)} · agreed by {E(refund.AgreedBy)}{(refund.DecisionReason is { } why ? "<br>" + E(why) : "")}</td>
                <td data-label="Waiting">{E(Duration(now - refund.RequestedAt))}<br><span class="meta">since {Time(refund.RequestedAt)}</span></td>
                <td data-label="Approvals">{refund.Approvers.Count} of {refund.RequiredApprovals}{(refund.Approvers.Count > 0 ? "<br><span class=\"meta\">by " + E(string.Join(", ", refund.Approvers)) + "</span>" : "")}</td>
                <td data-label="Decision">
                {PostButton(path + "/approve", "Approve")}
                <form method="post" action="{E(path)}/reject">
                  <label for="{E(reasonId)}">Reason to reject</label>
                  <input type="text" id="{E(reasonId)}" name="reason" required maxlength="1000">
                  <div class="actions"><button type="submit" class="danger">Reject</button></div>
                </form>
                </td>
                </tr>
                """);
        }

        return html.Append("</tbody></table>").ToString();
    }
}
