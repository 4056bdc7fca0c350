using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Marketplace.Domain.Tests.Attachments;

/// <summary>Files for the sniffer tests: Word packages (honest and forged), PDFs and text.</summary>
internal static class TestFiles
{
    public const string DocxContentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Default Extension="xml" ContentType="application/xml"/>
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
        </Types>
        """;

    public const string DocmContentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>
        </Types>
        """;

    public static byte[] Docx() => Zip(("[Content_Types].xml", DocxContentTypes), ("word/document.xml", "<w:document/>"));

    /// <summary>A ZIP of the given parts, each written with its text (UTF-8), deflated.</summary>
    public static byte[] Zip(params (string Name, string Text)[] entries) =>
        Zip(entries.Select(e => (e.Name, (Action<Stream>)(s => s.Write(Encoding.UTF8.GetBytes(e.Text))))).ToArray());

    public static byte[] Zip(params (string Name, Action<Stream> Write)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, write) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                write(stream);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="count"/> zero bytes (they deflate about 1000:1).</summary>
    public static Action<Stream> Zeros(long count) => stream =>
    {
        var chunk = new byte[1 << 20];
        for (var left = count; left > 0; left -= chunk.Length)
        {
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    };

    /// <summary>
    /// Rewrites the uncompressed size the central directory declares for <paramref name="entryName"/> (the local
    /// header keeps the true one): a forged directory, as a zip bomb or a lying archive has.
    /// </summary>
    public static byte[] WithDeclaredSize(byte[] zip, string entryName, uint declared)
    {
        var copy = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var at = 0; at + 46 <= copy.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at)) == 0x02014B50
                && copy.AsSpan(at + 46).StartsWith(name)
                && BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 28)) == name.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at + 24), declared);
                return copy;
            }
        }

        throw new InvalidOperationException($"No central directory record for {entryName}.");
    }

    /// <summary>Rewrites the entry counts of the end-of-central-directory record.</summary>
    public static byte[] WithDeclaredEntryCount(byte[] zip, ushort count)
    {
        var copy = (byte[])zip.Clone();
        for (var at = copy.Length - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at)) == 0x06054B50)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at + 8), count);
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at + 10), count);
                return copy;
            }
        }

        throw new InvalidOperationException("No end of central directory record.");
    }

    /// <summary>A PDF-like file: header, a catalog, a hex string, and <paramref name="body"/> bytes after the first 2 KB.</summary>
    public static byte[] Pdf(byte[]? body = null)
    {
        var head = Encoding.Latin1.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /ID [<48656C6C6F> <a1b2c3>] /Length 4 >>\nstream\n");
        var padding = new byte[2048 - head.Length];
        Array.Fill(padding, (byte)' ');
        var tail = Encoding.ASCII.GetBytes("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        return [.. head, .. padding, .. body ?? [], .. tail];
    }

    /// <summary>Seeded random bytes: what compressed PDF streams look like.</summary>
    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
