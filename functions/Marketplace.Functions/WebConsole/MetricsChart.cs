using System.Globalization;
using System.Text;
using Marketplace.Domain.Deadlines;
using static Marketplace.Functions.WebConsole.ConsoleHtml;

namespace Marketplace.Functions.WebConsole;

/// <summary>
/// Response-time metrics as a small inline SVG bar chart (one bar per window: answered on time, late, still pending),
/// with the same numbers in a table, so the figures do not depend on seeing the chart.
/// </summary>
internal static class MetricsChart
{
    private const int BarWidth = 320;

    public static string Render(IReadOnlyList<ResponseMetrics> windows)
    {
        var html = new StringBuilder();
        var rowHeight = 34;
        var height = windows.Count * rowHeight + 30;
        html.Append(CultureInfo.InvariantCulture,
            $"<svg role=\"img\" aria-labelledby=\"metrics-title\" viewBox=\"0 0 440 {height}\" class=\"chart\"><title id=\"metrics-title\">Messages needing a reply, answered on time, late and pending, over 7, 30 and 90 days</title>");
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            var y = i * rowHeight;
            var total = Math.Max(1, w.AnsweredOnTime + w.Late + w.Pending);
            var onTime = BarWidth * w.AnsweredOnTime / total;
            var late = BarWidth * w.Late / total;
            var pending = BarWidth * w.Pending / total;
            html.Append(CultureInfo.InvariantCulture, $"""
                <text x="0" y="{y + 20}" font-size="14">{w.Days} days</text>
                <rect x="70" y="{y + 6}" width="{onTime}" height="20" fill="#1b6e2d"></rect>
                <rect x="{70 + onTime}" y="{y + 6}" width="{late}" height="20" fill="#b00020"></rect>
                <rect x="{70 + onTime + late}" y="{y + 6}" width="{pending}" height="20" fill="#8a6d00"></rect>
                <rect x="70" y="{y + 6}" width="{BarWidth}" height="20" fill="none" stroke="#4a4a4a"></rect>
                """);
        }

        var legendY = windows.Count * rowHeight + 18;
        html.Append(CultureInfo.InvariantCulture, $"""
            <rect x="70" y="{legendY - 10}" width="10" height="10" fill="#1b6e2d"></rect><text x="84" y="{legendY}" font-size="12">on time</text>
            <rect x="150" y="{legendY - 10}" width="10" height="10" fill="#b00020"></rect><text x="164" y="{legendY}" font-size="12">late</text>
            <rect x="210" y="{legendY - 10}" width="10" height="10" fill="#8a6d00"></rect><text x="224" y="{legendY}" font-size="12">pending</text>
            </svg>
            <table>
            <thead><tr><th scope="col">Window</th><th scope="col">Needed a reply</th><th scope="col">On time</th><th scope="col">Late</th><th scope="col">Pending</th><th scope="col">Late rate</th><th scope="col">Median reply</th></tr></thead>
            <tbody>
            """);
        foreach (var w in windows)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr data-window="{w.Days}"><td data-label="Window">{w.Days} days</td><td data-label="Needed a reply">{w.NeededReply}</td><td data-label="On time">{w.AnsweredOnTime}</td>
                <td data-label="Late">{w.Late}</td><td data-label="Pending">{w.Pending}</td><td data-label="Late rate">{w.LateResponseRate.ToString("P1", CultureInfo.InvariantCulture)}</td>
                <td data-label="Median reply">{(w.MedianResponseTime is { } median ? E(Duration(median)) : "–")}</td></tr>
                """);
        }

        return html.Append("</tbody></table>").ToString();
    }
}
