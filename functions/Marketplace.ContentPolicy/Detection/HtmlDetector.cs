using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>HTML tags, entities and script URLs.</summary>
internal static partial class HtmlDetector
{
    public static void Detect(DetectionContext context)
    {
        foreach (var m in HtmlPattern().EnumerateMatches(context.Text))
        {
            context.Add(ReasonCodes.Html, "html", m.Index, m.Index + m.Length);
        }
    }

    [GeneratedRegex(
        """
        <\s*/?\s*(?:a|b|i|u|p|s|br|hr|div|span|img|script|iframe|table|tr|td|th|strong|em|h[1-6]|ul|ol|li|font|style|html|body|head|meta|link|form|input|button|center|small|big|sup|sub|blockquote|pre|code|video|audio|source|svg|object|embed)\b[^<>]{0,300}?/?\s*>
        |&(?:nbsp|amp|lt|gt|quot|apos|copy|\#\d{2,5}|\#x[0-9a-f]{2,4});
        |javascript\s*:
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlPattern();
}
