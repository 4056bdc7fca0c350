using System.Globalization;
using System.Text;
using Marketplace.Functions.Messaging.Api;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>A conversation's privileged reads (who read it as admin or marketplace, and what), shown to admins under the conversation.</summary>
internal static class AuditHtml
{
    public static string Render(IReadOnlyList<AuditEntryView> entries)
    {
        var html = new StringBuilder("<h2>Audit log</h2>");
        if (entries.Count == 0)
        {
            return html.Append("<p>No privileged reads recorded.</p>").ToString();
        }

        html.Append("""
            <table id="audit"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead><tbody>
            """);
        foreach (var entry in entries)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td data-label=\"When\">{Time(entry.At)}</td><td data-label=\"Who\">{E(entry.ReaderRole)} {E(entry.ReaderId)}</td><td data-label=\"What\">{E(entry.Action)}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
