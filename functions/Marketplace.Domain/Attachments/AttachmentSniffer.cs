using System.IO.Compression;
using System.Text.Unicode;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Attachments;

/// <summary>
/// Decides an attachment's type from its bytes (magic numbers and structure), never from its name or
/// the uploader's Content-Type, so a renamed executable cannot pass as a PDF.
/// </summary>
public static class AttachmentSniffer
{
    private static readonly byte[] s_pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] s_jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] s_gif87 = "GIF87a"u8.ToArray();
    private static readonly byte[] s_gif89 = "GIF89a"u8.ToArray();
    private static readonly byte[] s_tiffLittle = [0x49, 0x49, 0x2A, 0x00];
    private static readonly byte[] s_tiffBig = [0x4D, 0x4D, 0x00, 0x2A];
    private static readonly byte[] s_ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] s_zip = [0x50, 0x4B, 0x03, 0x04];

    public static AttachmentKind? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(s_pdf)) return AttachmentKind.Pdf;
        if (content.StartsWith(s_png)) return AttachmentKind.Png;
        if (content.StartsWith(s_jpeg)) return AttachmentKind.Jpeg;
        if (content.StartsWith(s_gif87) || content.StartsWith(s_gif89)) return AttachmentKind.Gif;
        if (content.StartsWith(s_tiffLittle) || content.StartsWith(s_tiffBig)) return AttachmentKind.Tiff;
        if (IsBmp(content)) return AttachmentKind.Bmp;
        if (content.StartsWith(s_ole)) return AttachmentKind.Doc;
        if (content.StartsWith(s_zip)) return IsDocx(content) ? AttachmentKind.Docx : null;
        return IsPlainText(content) ? AttachmentKind.PlainText : null;
    }

    public static string ContentType(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Pdf => "application/pdf",
        AttachmentKind.Png => "image/png",
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Gif => "image/gif",
        AttachmentKind.Tiff => "image/tiff",
        AttachmentKind.Bmp => "image/bmp",
        AttachmentKind.PlainText => "text/plain; charset=utf-8",
        AttachmentKind.Doc => "application/msword",
        AttachmentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // "BM", then the file size and the pixel-data offset must be consistent with the header.
    private static bool IsBmp(ReadOnlySpan<byte> content) =>
        content.Length >= 26 && content[0] == (byte)'B' && content[1] == (byte)'M'
        && BitConverter.ToUInt32(content[10..14]) is >= 26 and var offset && offset < content.Length
        && BitConverter.ToUInt32(content[14..18]) is 12 or 40 or 52 or 56 or 108 or 124;

    // A DOCX is a ZIP (OPC package) holding [Content_Types].xml and a word/ part.
    private static bool IsDocx(ReadOnlySpan<byte> content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            var hasTypes = false;
            var hasWord = false;
            foreach (var entry in zip.Entries)
            {
                hasTypes |= entry.FullName == "[Content_Types].xml";
                hasWord |= entry.FullName.StartsWith("word/", StringComparison.Ordinal);
            }

            return hasTypes && hasWord;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // Valid UTF-8 with no control characters other than tab, CR, LF and form feed.
    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty || !Utf8.IsValid(content))
        {
            return false;
        }

        foreach (var b in content)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C))
            {
                return false;
            }
        }

        return true;
    }
}
