using System.Text.RegularExpressions;

namespace Marketplace.Email;

/// <summary>
/// Removes the quoted earlier message from an HTML-only reply before it becomes text, by the markers the clients put on it:
/// Gmail's <c>gmail_quote</c> (and its attribution), Apple Mail's and Thunderbird's <c>blockquote type="cite"</c> and
/// <c>moz-cite-prefix</c>, Outlook's <c>divRplyFwdMsg</c> / <c>appendonsend</c>. Everything from the first marker on goes.
/// </summary>
internal static partial class HtmlQuotes
{
    public static string WithoutQuote(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var first = QuoteStart().Match(html);
        return first.Success ? html[..first.Index] : html;
    }

    [GeneratedRegex(
        """<(?:div|blockquote)\b[^>]*\b(?:class\s*=\s*["'][^"']*\b(?:gmail_quote|gmail_attr|moz-cite-prefix|yahoo_quoted)\b|type\s*=\s*["']cite["']|id\s*=\s*["'](?:divRplyFwdMsg|appendonsend|x_divRplyFwdMsg)["'])""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuoteStart();
}
