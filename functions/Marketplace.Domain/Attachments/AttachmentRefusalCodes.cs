namespace Marketplace.Domain.Attachments;

/// <summary>The stable codes of the refusals the sniffer decides (the upload endpoint answers 415 with them).</summary>
public static class AttachmentRefusalCodes
{
    /// <summary>Not a type we recognise, or one the marketplace does not allow.</summary>
    public const string TypeNotAllowed = "attachment_type_not_allowed";

    /// <summary>Text or a PDF carrying HTML, SVG or XML markup a browser could run.</summary>
    public const string ContainsMarkup = "attachment_contains_markup";

    /// <summary>Text in an encoding other than UTF-8.</summary>
    public const string TextNotUtf8 = "attachment_text_not_utf8";

    /// <summary>A Word (OPC/ZIP) package that would inflate beyond the bound, or has too many parts.</summary>
    public const string ArchiveTooLarge = "attachment_archive_too_large";

    /// <summary>A macro-enabled Word document (DOCM/DOTM).</summary>
    public const string MacrosNotAllowed = "attachment_macros_not_allowed";
}
