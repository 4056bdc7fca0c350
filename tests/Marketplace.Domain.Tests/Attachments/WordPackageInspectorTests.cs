using Marketplace.Domain.Attachments;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Tests.Attachments;

public sealed class WordPackageInspectorTests
{
    [Fact]
    public void Inspect_WordDocument_IsDocx()
    {
        Assert.Equal(AttachmentKind.Docx, AttachmentSniffer.Inspect(TestFiles.Docx()).Kind);
    }

    [Fact]
    public void Inspect_PartDeclaringOneGigabyte_IsRefusedWithoutInflating()
    {
        var zip = TestFiles.WithDeclaredSize(TestFiles.Docx(), "word/document.xml", 1u << 30);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var inspection = AttachmentSniffer.Inspect(zip);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(AttachmentRefusalCodes.ArchiveTooLarge, inspection.RefusalCode);
        Assert.Contains("would expand to more than", inspection.Reason, StringComparison.Ordinal);
        Assert.True(allocated < 1 << 20, $"Inspecting allocated {allocated} bytes.");
    }

    [Fact]
    public void Inspect_PartsOverFiftyMegabytes_AreRefused()
    {
        var bomb = TestFiles.Zip(
            ("[Content_Types].xml", s => s.Write(System.Text.Encoding.UTF8.GetBytes(TestFiles.DocxContentTypes))),
            ("word/document.xml", TestFiles.Zeros(51L * 1024 * 1024)));

        Assert.Equal(AttachmentRefusalCodes.ArchiveTooLarge, AttachmentSniffer.Inspect(bomb).RefusalCode);
    }

    [Fact]
    public void Inspect_PartsOverAHundredTimesTheFileSize_AreRefused()
    {
        var bomb = TestFiles.Zip(
            ("[Content_Types].xml", s => s.Write(System.Text.Encoding.UTF8.GetBytes(TestFiles.DocxContentTypes))),
            ("word/media/blank.bmp", TestFiles.Zeros(4L * 1024 * 1024)));

        Assert.True(bomb.Length * 100L < 4L * 1024 * 1024, "The test needs a ratio over 100.");
        Assert.Equal(AttachmentRefusalCodes.ArchiveTooLarge, AttachmentSniffer.Inspect(bomb).RefusalCode);
    }

    [Fact]
    public void Inspect_ContentTypesThatInflatesFarBeyondWhatItDeclares_IsReadOnlyUpToTheBound()
    {
        // Declares 100 bytes, inflates to 64 MB: the directory passes, the read must stop.
        var zip = TestFiles.WithDeclaredSize(
            TestFiles.Zip(("[Content_Types].xml", TestFiles.Zeros(64L * 1024 * 1024)), ("word/document.xml", s => s.WriteByte(0))),
            "[Content_Types].xml", 100);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var inspection = AttachmentSniffer.Inspect(zip);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Null(inspection.Kind);
        Assert.True(allocated < 4 << 20, $"Inspecting allocated {allocated} bytes.");
    }

    [Fact]
    public void Inspect_MorePartsThanTheBound_IsRefused()
    {
        var parts = Enumerable.Range(0, WordPackageInspector.MaxEntries)
            .Select(i => ($"word/p{i}.xml", "<x/>"))
            .Prepend(("[Content_Types].xml", TestFiles.DocxContentTypes))
            .ToArray();

        var inspection = AttachmentSniffer.Inspect(TestFiles.Zip(parts));

        Assert.Equal(AttachmentRefusalCodes.ArchiveTooLarge, inspection.RefusalCode);
        Assert.Contains("parts; at most 1000", inspection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_EndRecordUnderstatingThePartCount_IsRefused()
    {
        var parts = Enumerable.Range(0, 1500).Select(i => ($"word/p{i}.xml", "<x/>"))
            .Prepend(("[Content_Types].xml", TestFiles.DocxContentTypes)).ToArray();

        Assert.Null(AttachmentSniffer.Inspect(TestFiles.WithDeclaredEntryCount(TestFiles.Zip(parts), 10)).Kind);
    }

    [Fact]
    public void Inspect_Zip64EndRecord_IsRefusedAsTooManyParts()
    {
        Assert.Equal(AttachmentRefusalCodes.ArchiveTooLarge,
            AttachmentSniffer.Inspect(TestFiles.WithDeclaredEntryCount(TestFiles.Docx(), ushort.MaxValue)).RefusalCode);
    }

    [Fact]
    public void Inspect_MacroEnabledDocument_IsRefused()
    {
        var docm = TestFiles.Zip(("[Content_Types].xml", TestFiles.DocmContentTypes), ("word/document.xml", "<w:document/>"));
        var withVba = TestFiles.Zip(("[Content_Types].xml", TestFiles.DocxContentTypes), ("word/document.xml", "<w:document/>"), ("word/vbaProject.bin", "x"));

        Assert.Equal(AttachmentRefusalCodes.MacrosNotAllowed, AttachmentSniffer.Inspect(docm).RefusalCode);
        Assert.Equal(AttachmentRefusalCodes.MacrosNotAllowed, AttachmentSniffer.Inspect(withVba).RefusalCode);
    }

    [Theory]
    [InlineData("word/../../evil.sh")]
    [InlineData("/word/abs.xml")]
    [InlineData("word\\back.xml")]
    public void Inspect_PartNameEscapingThePackage_IsRefused(string name)
    {
        var zip = TestFiles.Zip(("[Content_Types].xml", TestFiles.DocxContentTypes), ("word/document.xml", "<w:document/>"), (name, "x"));

        Assert.Null(AttachmentSniffer.Inspect(zip).Kind);
    }

    [Fact]
    public void Inspect_SpreadsheetPackage_IsNotAWordDocument()
    {
        var xlsx = TestFiles.Zip(
            ("[Content_Types].xml", TestFiles.DocxContentTypes.Replace("wordprocessingml.document", "spreadsheetml.sheet", StringComparison.Ordinal)),
            ("word/document.xml", "<x/>"));

        Assert.Equal(AttachmentRefusalCodes.TypeNotAllowed, AttachmentSniffer.Inspect(xlsx).RefusalCode);
    }

    [Fact]
    public void Inspect_RandomlyCorruptedFiles_NeverThrow()
    {
        var random = new Random(12);
        byte[][] seeds = [TestFiles.Docx(), TestFiles.Pdf("<< /A 1 >>"u8.ToArray()), "Invoice 113\n"u8.ToArray()];
        for (var i = 0; i < 3000; i++)
        {
            var content = (byte[])seeds[i % seeds.Length].Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                content[random.Next(content.Length)] = (byte)random.Next(256);
            }

            var cut = random.Next(4) == 0 ? random.Next(content.Length) : content.Length;
            var inspection = AttachmentSniffer.Inspect(content.AsSpan(0, cut));

            Assert.True(inspection.IsAccepted || inspection.RefusalCode is not null);
        }
    }
}
