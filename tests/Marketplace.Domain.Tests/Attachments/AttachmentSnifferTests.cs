using System.Text;
using Marketplace.Domain.Attachments;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Tests.Attachments;

public sealed class AttachmentSnifferTests
{
    public static TheoryData<byte[], AttachmentKind> KnownFiles => new()
    {
        { Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj"), AttachmentKind.Pdf },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], AttachmentKind.Png },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F'], AttachmentKind.Jpeg },
        { Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00"), AttachmentKind.Gif },
        { [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], AttachmentKind.Tiff },
        { Bmp(), AttachmentKind.Bmp },
        { Encoding.UTF8.GetBytes("Factura 2026-113\r\nTotal: 12,50 €\n"), AttachmentKind.PlainText },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], AttachmentKind.Doc },
        { TestFiles.Docx(), AttachmentKind.Docx },
        { TestFiles.Pdf(TestFiles.RandomBytes(2 << 20, seed: 7)), AttachmentKind.Pdf },
    };

    [Theory]
    [MemberData(nameof(KnownFiles))]
    public void Detect_KnownFileBytes_ReturnsItsKind(byte[] content, AttachmentKind expected)
    {
        Assert.Equal(expected, AttachmentSniffer.Detect(content));
    }

    [Fact]
    public void Detect_WindowsExecutable_IsRefused()
    {
        var exe = new byte[256];
        exe[0] = (byte)'M';
        exe[1] = (byte)'Z';

        Assert.Null(AttachmentSniffer.Detect(exe));
    }

    [Fact]
    public void Detect_ZipThatIsNotAWordDocument_IsRefused()
    {
        Assert.Null(AttachmentSniffer.Detect(TestFiles.Zip(("payload.exe", "MZ"))));
    }

    [Fact]
    public void Detect_BinaryWithControlBytes_IsNotPlainText()
    {
        Assert.Null(AttachmentSniffer.Detect([0x41, 0x42, 0x00, 0x43]));
    }

    [Fact]
    public void Detect_InvalidUtf8_IsNotPlainText()
    {
        Assert.Null(AttachmentSniffer.Detect([0x41, 0xC3, 0x28]));
    }

    private static byte[] Bmp()
    {
        var bmp = new byte[64];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BitConverter.GetBytes(64u).CopyTo(bmp, 2);
        BitConverter.GetBytes(54u).CopyTo(bmp, 10);
        BitConverter.GetBytes(40u).CopyTo(bmp, 14);
        return bmp;
    }
}
