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

    /// <summary>How many leading bytes a browser reads to sniff a type (WHATWG MIME Sniffing's resource header).</summary>
    public const int SniffedBytes = 1445;

    /// <summary>The kind, or null for anything <see cref="Inspect"/> refuses.</summary>
    public static AttachmentKind? Detect(ReadOnlySpan<byte> content) => Inspect(content).Kind;

    /// <summary>The kind, or the reason the file is refused.</summary>
    public static AttachmentInspection Inspect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(s_pdf)) return InspectPdf(content);
        if (content.StartsWith(s_png)) return AttachmentInspection.Accepted(AttachmentKind.Png);
        if (content.StartsWith(s_jpeg)) return AttachmentInspection.Accepted(AttachmentKind.Jpeg);
        if (content.StartsWith(s_gif87) || content.StartsWith(s_gif89)) return AttachmentInspection.Accepted(AttachmentKind.Gif);
        if (content.StartsWith(s_tiffLittle) || content.StartsWith(s_tiffBig)) return AttachmentInspection.Accepted(AttachmentKind.Tiff);
        if (IsBmp(content)) return AttachmentInspection.Accepted(AttachmentKind.Bmp);
        if (content.StartsWith(s_ole)) return AttachmentInspection.Accepted(AttachmentKind.Doc);
        if (content.StartsWith(s_zip)) return WordPackageInspector.Inspect(content);
        return TextInspector.Inspect(content);
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

    // A PDF that is also HTML: markup of any kind where a browser sniffs, unmistakable HTML anywhere. Served as
    // application/pdf with nosniff it is inert here, but not once saved, forwarded, or served by someone else.
    private static AttachmentInspection InspectPdf(ReadOnlySpan<byte> content)
    {
        var markup = MarkupScanner.Find(content[..Math.Min(content.Length, SniffedBytes)], MarkupScope.Full)
            ?? MarkupScanner.Find(content, MarkupScope.CompressedSafe);
        return markup is null
            ? AttachmentInspection.Accepted(AttachmentKind.Pdf)
            : AttachmentInspection.Refused(AttachmentRefusalCodes.ContainsMarkup,
                $"The PDF also contains HTML markup ('{markup}'), so a browser could run it as a web page. Print it to a new PDF and send that.");
    }

    // "BM", then the file size and the pixel-data offset must be consistent with the header.
    private static bool IsBmp(ReadOnlySpan<byte> content) =>
        content.Length >= 26 && content[0] == (byte)'B' && content[1] == (byte)'M'
        && BitConverter.ToUInt32(content[10..14]) is >= 26 and var offset && offset < content.Length
        && BitConverter.ToUInt32(content[14..18]) is 12 or 40 or 52 or 56 or 108 or 124;
}
