using System.Text;
using Marketplace.Domain.Attachments;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Tests.Attachments;

public sealed class PdfAttachmentTests
{
    [Theory]
    [InlineData("%PDF-1.4\n<html><body><script>alert(1)</script></body></html>")]
    [InlineData("%PDF-1.4\n%<!doctype html>")]
    [InlineData("%PDF-1.7\n1 0 obj\n<< /Title (x) >>\n<svg onload=alert(1)>")]
    [InlineData("%PDF-1.7\n<img src=x onerror=alert(1)>")]
    public void Inspect_PdfWithMarkupWhereBrowsersSniff_IsRefused(string content)
    {
        var inspection = AttachmentSniffer.Inspect(Encoding.ASCII.GetBytes(content));

        Assert.Null(inspection.Kind);
        Assert.Equal(AttachmentRefusalCodes.ContainsMarkup, inspection.RefusalCode);
        Assert.StartsWith("The PDF also contains HTML markup", inspection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<HTML>")]
    [InlineData("<iframe src=//evil.example>")]
    [InlineData("<svg/onload=alert(1)>")]
    [InlineData("<p onclick=\"alert(1)\">")]
    public void Inspect_PdfWithHtmlAnywhere_IsRefused(string markup)
    {
        var content = TestFiles.Pdf([.. TestFiles.RandomBytes(100_000, seed: 1), .. Encoding.ASCII.GetBytes(markup), .. TestFiles.RandomBytes(1000, seed: 2)]);

        Assert.Equal(AttachmentRefusalCodes.ContainsMarkup, AttachmentSniffer.Inspect(content).RefusalCode);
    }

    [Fact]
    public void Inspect_PdfWithAShortTagNameAfterTheSniffedBytes_IsAccepted()
    {
        // "<svg " with no handler, past where browsers sniff: four bytes any compressed stream may hold by chance.
        var content = TestFiles.Pdf(Encoding.ASCII.GetBytes("\x9c<svg \x01\x02"));

        Assert.Equal(AttachmentKind.Pdf, AttachmentSniffer.Inspect(content).Kind);
    }

    [Fact]
    public void Inspect_PdfsOfRandomCompressedStreams_AreAccepted()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var content = TestFiles.Pdf(TestFiles.RandomBytes(512 * 1024, seed));

            Assert.Equal(AttachmentKind.Pdf, AttachmentSniffer.Inspect(content).Kind);
        }
    }
}
