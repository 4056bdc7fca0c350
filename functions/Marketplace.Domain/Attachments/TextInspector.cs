using System.Text;
using System.Text.Unicode;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Attachments;

/// <summary>
/// Plain text is UTF-8 (a BOM is allowed), has no control characters but tab, CR, LF and form feed, and no markup
/// anywhere: it is served as "text/plain; charset=utf-8" and its hash is of the bytes sent, so other encodings are
/// refused rather than guessed or converted, and HTML, SVG or XML renamed ".txt" is refused rather than stored.
/// </summary>
public static class TextInspector
{
    private static readonly byte[] s_utf16LittleEndianBom = [0xFF, 0xFE];
    private static readonly byte[] s_utf16BigEndianBom = [0xFE, 0xFF];

    public static AttachmentInspection Inspect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(s_utf16LittleEndianBom) || content.StartsWith(s_utf16BigEndianBom))
        {
            return InspectUtf16(content);
        }

        if (content.IsEmpty || HasControlBytes(content))
        {
            return AttachmentInspection.Unrecognised();
        }

        if (!Utf8.IsValid(content))
        {
            // No control bytes but not UTF-8: text in a legacy encoding (Latin-1, Windows-1252, Shift JIS...).
            return NotUtf8("The text is not valid UTF-8");
        }

        return MarkupScanner.Find(content, MarkupScope.Full) is { } markup ? ContainsMarkup(markup) : AttachmentInspection.Accepted(AttachmentKind.PlainText);
    }

    // UTF-16 is refused either way; markup is the reason worth naming when there is some.
    private static AttachmentInspection InspectUtf16(ReadOnlySpan<byte> content)
    {
        var encoding = content[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
        var asUtf8 = Encoding.UTF8.GetBytes(encoding.GetString(content[2..]));
        return MarkupScanner.Find(asUtf8, MarkupScope.Full) is { } markup ? ContainsMarkup(markup) : NotUtf8("The text is UTF-16");
    }

    private static bool HasControlBytes(ReadOnlySpan<byte> content)
    {
        foreach (var b in content)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C))
            {
                return true;
            }
        }

        return false;
    }

    private static AttachmentInspection NotUtf8(string what) =>
        AttachmentInspection.Refused(AttachmentRefusalCodes.TextNotUtf8, $"{what}; save it as UTF-8 and send it again.");

    private static AttachmentInspection ContainsMarkup(string markup) =>
        AttachmentInspection.Refused(AttachmentRefusalCodes.ContainsMarkup,
            $"The text contains markup ('{markup}'), so a browser could run it as a web page or image; text files must be plain text. Send a PDF or a screenshot instead.");
}
