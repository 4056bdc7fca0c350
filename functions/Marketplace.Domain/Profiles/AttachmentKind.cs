namespace Marketplace.Domain.Profiles;

/// <summary>The file types an attachment may be, as recognised from its bytes.</summary>
public enum AttachmentKind
{
    Pdf,
    Png,
    Jpeg,
    Gif,
    Tiff,
    Bmp,
    PlainText,
    Doc,
    Docx,
}
