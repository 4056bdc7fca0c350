using System.Globalization;
using System.Text;
using Marketplace.Domain.Deadlines;
using Marketplace.Functions.Deadlines;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>A seller's settings page content: response metrics, the reminder webhook and reading language, away periods.</summary>
internal static class SellerSettingsHtml
{
    public static string Render(IReadOnlyList<ResponseMetrics> metrics, SellerSettingsView settings, IReadOnlyList<VacationView> vacations, string? notice)
    {
        var html = new StringBuilder(notice);
        html.Append("<h2>Response times</h2>").Append(MetricsChart.Render(metrics));
        html.Append(CultureInfo.InvariantCulture, $"""
            <h2>Reminder webhook and language</h2>
            <form method="post" action="/console/seller/settings">
              <label for="webhook-url">Reminder webhook URL (https, public)</label>
              <input type="text" inputmode="url" id="webhook-url" name="reminderWebhookUrl" value="{E(settings.ReminderWebhookUrl)}" autocomplete="off">
              <label for="webhook-secret">Webhook secret {(settings.ReminderWebhookSecretSet ? "(set; leave empty to keep it)" : "(not set)")}</label>
              <input type="password" id="webhook-secret" name="reminderWebhookSecret" autocomplete="new-password">
              <label for="language">Language I read messages in (e.g. de-AT)</label>
              <input type="text" id="language" name="language" value="{E(settings.Language)}" autocomplete="off">
              <div class="actions"><button type="submit">Save settings</button></div>
            </form>
            <h2>Away periods</h2>
            """);
        if (vacations.Count == 0)
        {
            html.Append("<p>No away periods.</p>");
        }
        else
        {
            html.Append("<ul>");
            foreach (var vacation in vacations)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<li data-vacation=\"{E(vacation.Id)}\">{Time(vacation.Start)} to {Time(vacation.End)} {PostButton($"/console/seller/vacations/{Uri.EscapeDataString(vacation.Id)}/delete", "Remove", css: "secondary")}</li>");
            }

            html.Append("</ul>");
        }

        html.Append("""
            <form method="post" action="/console/seller/vacations">
              <label for="vacation-start">Away from (UTC)</label>
              <input type="datetime-local" id="vacation-start" name="start" required>
              <label for="vacation-end">Back on (UTC)</label>
              <input type="datetime-local" id="vacation-end" name="end" required>
              <div class="actions"><button type="submit">Add away period</button></div>
            </form>
            """);
        return html.ToString();
    }
}
