using System.Text;
using MimeKit.Text;

namespace Marketplace.Email;

/// <summary>
/// The text of an HTML mail body, as a reader sees it: text kept, a line break for each block (paragraph, div, line break,
/// list item, table row, heading), nothing from scripts, styles or the head. Uses MimeKit's HTML tokenizer, so malformed
/// markup reads as a browser would tolerate it rather than failing.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> s_blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "hr",
    };

    private static readonly HashSet<string> s_hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title" };

    public static string ToPlain(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = new StringBuilder(html.Length / 2);
        var hiddenDepth = 0;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when s_hidden.Contains(tag.Name):
                    hiddenDepth = Math.Max(0, hiddenDepth + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                    break;
                case HtmlTagToken tag when tag.Name.Equals("br", StringComparison.OrdinalIgnoreCase) && hiddenDepth == 0:
                    // A line break is a line, even an empty one ("<div><br></div>" between paragraphs).
                    text.Append('\n');
                    break;
                case HtmlTagToken tag when s_blocks.Contains(tag.Name) && hiddenDepth == 0:
                    if (text.Length > 0 && text[^1] != '\n')
                    {
                        text.Append('\n');
                    }

                    break;
                case HtmlDataToken data when hiddenDepth == 0:
                    // Whitespace in HTML is one space, whatever it is; line breaks come from the tags above.
                    foreach (var c in data.Data)
                    {
                        var ch = c == '\u00A0' ? ' ' : c;
                        if (char.IsWhiteSpace(ch))
                        {
                            if (text.Length > 0 && text[^1] is not (' ' or '\n'))
                            {
                                text.Append(' ');
                            }
                        }
                        else
                        {
                            text.Append(ch);
                        }
                    }

                    break;
            }
        }

        return string.Join('\n', text.ToString().Split('\n').Select(l => l.Trim()));
    }
}
