using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Marketplace.Functions.Security;

namespace Marketplace.Functions.WebConsole;

/// <summary>
/// The console's HTML: one layout (skip link, header with the caller's pages, sign-out, main landmark) and small helpers.
/// Pages are rendered on the server as strings; every value from storage or a request goes through <see cref="E"/>.
/// </summary>
internal static class ConsoleHtml
{
    // Scripts and styles only from this app (console.js, console.css); no inline script can run.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>A whole page for <paramref name="caller"/> (null: signed out), with <paramref name="main"/> as its main content.</summary>
    public static IResult Page(string title, Caller? caller, string main, int status = StatusCodes.Status200OK) =>
        new ConsolePageResult(Layout(title, caller, main), status);

    public static string Alert(string text, bool encoded = false) =>
        $"<div class=\"notice error\" role=\"alert\">{(encoded ? text : E(text))}</div>";

    public static string Status(string text) => $"<div class=\"notice ok\" role=\"status\">{E(text)}</div>";

    public static string Time(DateTimeOffset at) =>
        $"<time datetime=\"{at.ToUniversalTime():O}\">{at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>";

    /// <summary>"2d 3h", "5h 12m", "4m 10s": what a person reads at a glance.</summary>
    public static string Duration(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        span = span.Duration();
        return sign + (span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : $"{span.Minutes}m {span.Seconds}s");
    }

    /// <summary>A form posting to <paramref name="action"/> with one button (and optional extra fields before it).</summary>
    public static string PostButton(string action, string label, string fields = "", string css = "") =>
        $"<form method=\"post\" action=\"{E(action)}\" class=\"inline\">{fields}<button type=\"submit\" class=\"{css}\">{E(label)}</button></form>";

    private static string Layout(string title, Caller? caller, string main)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Marketplace console</title>
            <link rel="stylesheet" href="/console/console.css">
            <script src="/console/console.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header>
            <span class="brand">Marketplace console</span>
            """);
        if (caller is not null)
        {
            html.Append("<nav aria-label=\"Console\"><ul>");
            foreach (var (href, label) in ConsolePages.For(caller.Role))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(href)}\">{E(label)}</a></li>");
            }

            html.Append("</ul></nav>");
            html.Append(CultureInfo.InvariantCulture,
                $"<span class=\"who\">{E(CallerRoles.Name(caller.Role))} <strong>{E(caller.PartyId)}</strong>{(caller.Marketplace is null ? "" : " · " + E(caller.Marketplace))}</span>");
            html.Append(PostButton("/console/sign-out", "Sign out", css: "secondary"));
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </header>
            <main id="main" tabindex="-1">
            <h1>{E(title)}</h1>
            {main}
            </main>
            </body>
            </html>
            """);
        return html.ToString();
    }

    /// <summary>An HTML answer with the console's security headers.</summary>
    private sealed class ConsolePageResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "same-origin";
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
