using System.Globalization;
using System.Text;
using Marketplace.Functions.Hosting;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>The poison-queues page content: per queue function, its dead letters with why each failed, and requeue buttons.</summary>
internal static class PoisonHtml
{
    public static string Render(IReadOnlyList<PoisonQueueView> queues, string? notice)
    {
        var html = new StringBuilder(notice);
        foreach (var queue in queues)
        {
            var path = $"/console/poison/{Uri.EscapeDataString(queue.Queue)}";
            html.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"q-{E(queue.Queue)}\" data-queue=\"{E(queue.Queue)}\"><h2 id=\"q-{E(queue.Queue)}\">{E(queue.Queue)}</h2>");
            if (queue.Messages.Count == 0)
            {
                html.Append("<p>No dead letters.</p></section>");
                continue;
            }

            html.Append(CultureInfo.InvariantCulture, $"""
                <p>{queue.Messages.Count} in {E(queue.PoisonQueue)} (the first {PoisonQueueAdmin.PageSize} shown). {PostButton(path + "/requeue-all", "Requeue all")}</p>
                <table><thead><tr><th scope="col">Message</th><th scope="col">Deliveries</th><th scope="col">Why it failed</th><th scope="col">Action</th></tr></thead><tbody>
                """);
            foreach (var message in queue.Messages)
            {
                html.Append(CultureInfo.InvariantCulture, $"""
                    <tr><td data-label="Message">{E(message.Id)}<br><span class="meta">{(message.InsertedOn is { } at ? Time(at) : "")} · {message.BodyLength} characters</span></td>
                    <td data-label="Deliveries">{message.DequeueCount}</td>
                    <td data-label="Why it failed">{(message.Reason is { } reason ? $"{E(reason.Function)}: {E(reason.ErrorType)}: {E(reason.ErrorMessage)}" : "not recorded")}</td>
                    <td data-label="Action">{PostButton($"{path}/{Uri.EscapeDataString(message.Id)}/requeue", "Requeue")}</td></tr>
                    """);
            }

            html.Append("</tbody></table></section>");
        }

        return html.ToString();
    }
}
