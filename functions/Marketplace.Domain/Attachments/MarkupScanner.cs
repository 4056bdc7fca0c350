namespace Marketplace.Domain.Attachments;

/// <summary>How much markup to look for: everything in text, only unmistakable HTML in a PDF's (often compressed) body.</summary>
public enum MarkupScope
{
    /// <summary>Any HTML, SVG or XML element a browser would act on, declarations, and tags with event-handler attributes.</summary>
    Full,

    /// <summary>
    /// Long element names (six bytes or more with the '&lt;') and event-handler tags only. A PDF's compressed streams are
    /// random bytes: a four-byte name such as "&lt;svg" followed by a delimiter turns up in about 1 in 2,000 genuine
    /// 10 MB PDFs, a six-byte one in fewer than 1 in 10 million.
    /// </summary>
    CompressedSafe,
}

/// <summary>
/// Finds markup a browser would parse as HTML/SVG/XML in bytes that are ASCII-compatible (UTF-8, Latin-1, a PDF):
/// an element name right after '&lt;' and ended as HTML ends a tag name (whitespace, '/' or '&gt;'), "&lt;!doctype",
/// "&lt;?xml", or any tag carrying an on…= attribute. Case-insensitive; linear in the input.
/// </summary>
public static class MarkupScanner
{
    // Elements that run script, load or embed resources, navigate, or make the file a document rather than text.
    private static readonly string[] s_fullElements =
    [
        "html", "head", "body", "script", "svg", "iframe", "frame", "frameset", "object", "embed", "applet", "meta",
        "link", "style", "base", "form", "img", "image", "math", "xml", "template", "noscript", "video", "audio",
        "portal", "xmp",
    ];

    private static readonly string[] s_compressedSafeElements = ["html", "script", "iframe", "frameset", "object", "applet"];

    private static readonly string[] s_declarations = ["!doctype", "?xml"];

    private static readonly System.Buffers.SearchValues<byte> s_tagNameBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:"u8);

    /// <summary>Longest run of attribute bytes looked through for an event handler, so a '&lt;' never makes the scan quadratic.</summary>
    private const int MaxTagScan = 1024;

    /// <summary>The markup found, as it appears in the file (e.g. "&lt;script"), or null if there is none.</summary>
    public static string? Find(ReadOnlySpan<byte> content, MarkupScope scope)
    {
        var elements = scope == MarkupScope.Full ? s_fullElements : s_compressedSafeElements;
        var offset = 0;
        while (offset < content.Length)
        {
            var found = content[offset..].IndexOf((byte)'<');
            if (found < 0)
            {
                return null;
            }

            var at = offset + found;
            var rest = content[(at + 1)..];
            if (MatchesAny(rest, s_declarations, requireDelimiter: false, out var declaration))
            {
                return "<" + declaration;
            }

            if (MatchesAny(rest, elements, requireDelimiter: true, out var element))
            {
                return "<" + element;
            }

            if (EventHandlerIn(rest) is { } handler)
            {
                return handler;
            }

            offset = at + 1;
        }

        return null;
    }

    private static bool MatchesAny(ReadOnlySpan<byte> rest, string[] names, bool requireDelimiter, out string name)
    {
        foreach (var candidate in names)
        {
            if (StartsWithIgnoreCase(rest, candidate)
                && (!requireDelimiter || (rest.Length > candidate.Length && IsTagNameEnd(rest[candidate.Length]))))
            {
                name = candidate;
                return true;
            }
        }

        name = "";
        return false;
    }

    // "<name ... on<letters>=": a tag (a letter after '<') whose attributes, before its '>', include an event handler.
    private static string? EventHandlerIn(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty || !char.IsAsciiLetter((char)rest[0]))
        {
            return null;
        }

        var end = Math.Min(rest.Length, MaxTagScan);
        for (var i = 1; i < end; i++)
        {
            var b = rest[i];
            if (b is (byte)'>' or (byte)'<')
            {
                return null;
            }

            // An attribute starts after whitespace, '/' or a closing quote.
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'/' or (byte)'"' or (byte)'\''))
            {
                continue;
            }

            var attribute = rest[(i + 1)..end];
            if (attribute.Length < 3 || (attribute[0] | 0x20) != 'o' || (attribute[1] | 0x20) != 'n' || !char.IsAsciiLetter((char)attribute[2]))
            {
                continue;
            }

            var j = 3;
            while (j < attribute.Length && char.IsAsciiLetter((char)attribute[j]))
            {
                j++;
            }

            var nameLength = j;
            while (j < attribute.Length && attribute[j] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f')
            {
                j++;
            }

            if (j < attribute.Length && attribute[j] == (byte)'=')
            {
                var tagName = rest[..(rest.IndexOfAnyExcept(s_tagNameBytes) is var n and >= 0 ? n : rest.Length)];
                return $"<{System.Text.Encoding.ASCII.GetString(tagName)} {System.Text.Encoding.ASCII.GetString(attribute[..nameLength])}=";
            }
        }

        return null;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> bytes, string ascii)
    {
        if (bytes.Length < ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            var b = bytes[i];
            var lower = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
            if (lower != ascii[i])
            {
                return false;
            }
        }

        return true;
    }

    // What ends a tag name in the HTML tokenizer: whitespace, '/' or '>'.
    private static bool IsTagNameEnd(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'/' or (byte)'>';
}
