using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Marketplace.BadInput.Families;

/// <summary>Files every marketplace must refuse as attachments: markup passed off as text, polyglots, executables, zip bombs, text that is not UTF-8.</summary>
public static class BadFiles
{
    public static IReadOnlyList<(string Kind, byte[] Bytes)> All() =>
    [
        ("html-as-text", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"u8.ToArray()),
        ("svg-as-text", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray()),
        ("svg-after-bom", [0xEF, 0xBB, 0xBF, .. "\n  <svg/onload=alert(1)>"u8]),
        ("xml-as-text", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"u8.ToArray()),
        ("handler-in-text", "Dear seller, <img src=x onerror=alert(1)> thanks"u8.ToArray()),
        ("utf16-html", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("<html><script>alert(1)</script>")]),
        ("utf16-text", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Invoice 113")]),
        ("latin1-text", Encoding.Latin1.GetBytes("Caf\u00e9 cr\u00e8me, 12,50")),
        ("overlong-utf8", [.. "A"u8, 0xC0, 0xAF, .. "B"u8]),
        ("surrogate-utf8", [.. "A"u8, 0xED, 0xA0, 0x80, .. "B"u8]),
        ("nul-text", [.. "Invoice"u8, 0x00, .. "113"u8]),
        ("pdf-html-polyglot", "%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF"u8.ToArray()),
        ("pdf-script-deep", [.. "%PDF-1.7\n"u8, .. new byte[4096], .. "<script>alert(1)</script>\n%%EOF"u8]),
        ("exe", [(byte)'M', (byte)'Z', .. new byte[510]]),
        ("elf", [0x7F, (byte)'E', (byte)'L', (byte)'F', .. new byte[60]]),
        ("zip", Zip(("payload.exe", "MZ"))),
        ("docx-bomb", DeclaringHugeSize(Zip(("[Content_Types].xml", DocxTypes), ("word/document.xml", "<w:document/>")), "word/document.xml")),
        ("docm", Zip(("[Content_Types].xml", DocxTypes.Replace("officedocument.wordprocessingml.document.main", "ms-word.document.macroEnabled.main", StringComparison.Ordinal)),
            ("word/document.xml", "<w:document/>"), ("word/vbaProject.bin", "x"))),
        ("random-binary", Random(2048)),
    ];

    private const string DocxTypes =
        "<Types><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    // The central directory says the part inflates to 1 GB; the bytes are tiny.
    private static byte[] DeclaringHugeSize(byte[] zip, string entry)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        for (var at = 0; at + 46 <= zip.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == 0x02014B50 && zip.AsSpan(at + 46).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(at + 24), 1u << 30);
            }
        }

        return zip;
    }

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(5).NextBytes(bytes);
        bytes[0] = 0x01;
        return bytes;
    }
}
