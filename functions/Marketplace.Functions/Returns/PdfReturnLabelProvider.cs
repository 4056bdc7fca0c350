using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using ZXing;
using ZXing.OneD;

namespace Marketplace.Functions.Returns;

/// <summary>
/// The built-in return label: one A6 page (PDFsharp) with the return address, the order, the RMA id and a Code 128 barcode
/// of the RMA id (encoded by ZXing.Net, drawn as vector bars so it prints sharp at any resolution).
/// </summary>
internal sealed class PdfReturnLabelProvider : IReturnLabelProvider
{
    /// <summary>Width of one barcode module (the narrowest bar) in points: 1.2 pt ≈ 0.42 mm, easy for any scanner at a hand's distance.</summary>
    public const double ModuleWidth = 1.2;

    /// <summary>Height of the bars in points.</summary>
    public const double BarHeight = 60;

    static PdfReturnLabelProvider() => EmbeddedFontResolver.Install();

    public Task<ReturnLabel> CreateAsync(ReturnLabelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var document = new PdfDocument();
        document.Info.Title = $"Return label {request.RmaId}";
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(105);
        page.Height = XUnit.FromMillimeter(148);
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(graphics, request, page.Width.Point);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return Task.FromResult(new ReturnLabel(output.ToArray(), "application/pdf", request.RmaId, "generated"));
    }

    private static void Draw(XGraphics graphics, ReturnLabelRequest request, double pageWidth)
    {
        var title = new XFont(EmbeddedFontResolver.Family, 14, XFontStyleEx.Bold);
        var label = new XFont(EmbeddedFontResolver.Family, 8, XFontStyleEx.Bold);
        var text = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Regular);
        const double margin = 20;
        var y = margin + 14;
        graphics.DrawString("RETURN LABEL", title, XBrushes.Black, margin, y);
        y += 24;
        graphics.DrawString("SHIP TO", label, XBrushes.Black, margin, y);
        foreach (var line in request.ReturnAddress)
        {
            y += 13;
            graphics.DrawString(line, text, XBrushes.Black, margin, y);
        }

        y += 22;
        graphics.DrawString("ORDER", label, XBrushes.Black, margin, y);
        graphics.DrawString(request.OrderId, text, XBrushes.Black, margin + 60, y);
        y += 14;
        graphics.DrawString("MARKETPLACE", label, XBrushes.Black, margin, y);
        graphics.DrawString(request.Marketplace, text, XBrushes.Black, margin + 60, y);
        y += 14;
        graphics.DrawString("RMA", label, XBrushes.Black, margin, y);
        graphics.DrawString(request.RmaId, text, XBrushes.Black, margin + 60, y);
        y += 20;
        DrawCode128(graphics, request.RmaId, (pageWidth - (Modules(request.RmaId) * ModuleWidth)) / 2, y);
        graphics.DrawString(request.RmaId, text, XBrushes.Black, new XRect(0, y + BarHeight + 4, pageWidth, 14), XStringFormats.TopCenter);
    }

    private static int Modules(string value) => new Code128Writer().encode(value, BarcodeFormat.CODE_128, 0, 1).Width;

    /// <summary>Each run of dark modules in ZXing's row becomes one filled rectangle (its quiet zones stay white).</summary>
    private static void DrawCode128(XGraphics graphics, string value, double x, double y)
    {
        var row = new Code128Writer().encode(value, BarcodeFormat.CODE_128, 0, 1);
        for (var start = 0; start < row.Width;)
        {
            if (!row[start, 0])
            {
                start++;
                continue;
            }

            var end = start;
            while (end < row.Width && row[end, 0])
            {
                end++;
            }

            graphics.DrawRectangle(XBrushes.Black, x + (start * ModuleWidth), y, (end - start) * ModuleWidth, BarHeight);
            start = end;
        }
    }
}
