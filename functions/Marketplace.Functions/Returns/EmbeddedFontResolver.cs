using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace Marketplace.Functions.Returns;

/// <summary>
/// PDFsharp's core build reads no system fonts on Linux: labels use the Segoe WP faces the PDFsharp package ships
/// (PdfSharp.WPFonts), whatever family is asked for, so a label renders the same on every machine.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "Segoe WP";
    private const string Regular = "SegoeWP";
    private const string Bold = "SegoeWP-Bold";
    private static readonly Lock s_install = new();

    /// <summary>Sets the process-wide resolver once (PDFsharp's font settings are global and may be set only before first use).</summary>
    public static void Install()
    {
        lock (s_install)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(isBold ? Bold : Regular);

    public byte[] GetFont(string faceName) => faceName == Bold ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
}
