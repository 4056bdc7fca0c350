using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Attachments;

/// <summary>
/// Decides whether a ZIP is a Word document (an OPC package whose main part is a wordprocessingml document) without
/// trusting it: the part count and the sizes the central directory declares are bounded before anything is read,
/// and the one part inflated ([Content_Types].xml) is read up to a bound, whatever size it declares. A zip bomb is
/// refused before it costs anything here, and never reaches a reader that would inflate it.
/// </summary>
public static class WordPackageInspector
{
    /// <summary>Most parts a package may have (a long Word document with many images has a few hundred).</summary>
    public const int MaxEntries = 1000;

    /// <summary>Most bytes the parts may declare in total once inflated.</summary>
    public const long MaxUncompressedBytes = 50L * 1024 * 1024;

    /// <summary>Most the parts may declare in total, as a multiple of the file's size (Word's XML compresses about 10:1).</summary>
    public const int MaxExpansionRatio = 100;

    /// <summary>Most bytes inflated from [Content_Types].xml (a real one is a few KB).</summary>
    public const int MaxContentTypesBytes = 256 * 1024;

    private const string ContentTypesPart = "[Content_Types].xml";
    private const int EndOfCentralDirectoryLength = 22;
    private const uint EndOfCentralDirectorySignature = 0x06054B50;

    private static readonly string[] s_documentTypes =
    [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ];

    private static readonly string[] s_macroTypes =
    [
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
        "application/vnd.ms-office.vbaProject",
    ];

    public static AttachmentInspection Inspect(ReadOnlySpan<byte> content)
    {
        if (DeclaredEntryCount(content) is not { } declared)
        {
            return AttachmentInspection.Unrecognised();
        }

        if (declared > MaxEntries)
        {
            return TooManyParts(declared);
        }

        try
        {
            // Reads the central directory only; .NET checks that it holds as many entries as the end record declares.
            using var zip = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            return InspectEntries(zip, content.Length);
        }
        catch (InvalidDataException)
        {
            return AttachmentInspection.Unrecognised();
        }
        catch (NotSupportedException)
        {
            return AttachmentInspection.Unrecognised();
        }
        catch (IOException)
        {
            return AttachmentInspection.Unrecognised();
        }
    }

    private static AttachmentInspection InspectEntries(ZipArchive zip, long fileBytes)
    {
        var entries = zip.Entries;
        if (entries.Count > MaxEntries)
        {
            return TooManyParts(entries.Count);
        }

        var bound = Math.Min(MaxUncompressedBytes, fileBytes * MaxExpansionRatio);
        long total = 0;
        ZipArchiveEntry? contentTypes = null;
        var hasWordPart = false;
        foreach (var entry in entries)
        {
            // Sizes are unsigned in the file; anything out of range is a forged directory.
            if (entry.Length < 0 || entry.Length > bound - total)
            {
                return AttachmentInspection.Refused(AttachmentRefusalCodes.ArchiveTooLarge, string.Create(CultureInfo.InvariantCulture,
                    $"The Word document would expand to more than {bound} bytes ({MaxUncompressedBytes / (1024 * 1024)} MB at most, and no more than {MaxExpansionRatio} times the file's size)."));
            }

            total += entry.Length;
            var name = entry.FullName;
            if (name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('/') || name.Split('/').Contains(".."))
            {
                return AttachmentInspection.Refused(AttachmentRefusalCodes.TypeNotAllowed, "The file is a ZIP with part names a Word document cannot have.");
            }

            if (name.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase))
            {
                return MacrosRefused();
            }

            contentTypes = name == ContentTypesPart ? entry : contentTypes;
            hasWordPart |= name.StartsWith("word/", StringComparison.Ordinal);
        }

        if (contentTypes is null || !hasWordPart)
        {
            return AttachmentInspection.Unrecognised();
        }

        var types = ReadBounded(contentTypes);
        if (types is null)
        {
            return AttachmentInspection.Refused(AttachmentRefusalCodes.ArchiveTooLarge,
                $"The Word document's {ContentTypesPart} is over {MaxContentTypesBytes / 1024} KB.");
        }

        if (s_macroTypes.Any(t => types.Contains(t, StringComparison.OrdinalIgnoreCase)))
        {
            return MacrosRefused();
        }

        return s_documentTypes.Any(t => types.Contains(t, StringComparison.OrdinalIgnoreCase))
            ? AttachmentInspection.Accepted(AttachmentKind.Docx)
            : AttachmentInspection.Unrecognised();
    }

    // Inflates at most MaxContentTypesBytes + 1 bytes, whatever the entry declares; null if there is more.
    private static string? ReadBounded(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new byte[MaxContentTypesBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxContentTypesBytes)
        {
            return null;
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    // The entry count of the end-of-central-directory record (searched from the end, past a comment of up to 64 KB),
    // or null if there is none. 0xFFFF (a ZIP64 archive) counts as more than any Word document has.
    private static int? DeclaredEntryCount(ReadOnlySpan<byte> content)
    {
        var lowest = Math.Max(0, content.Length - EndOfCentralDirectoryLength - ushort.MaxValue);
        for (var at = content.Length - EndOfCentralDirectoryLength; at >= lowest; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(content[at..]) == EndOfCentralDirectorySignature)
            {
                var count = BinaryPrimitives.ReadUInt16LittleEndian(content[(at + 10)..]);
                return count == ushort.MaxValue ? int.MaxValue : count;
            }
        }

        return null;
    }

    private static AttachmentInspection TooManyParts(int count) =>
        AttachmentInspection.Refused(AttachmentRefusalCodes.ArchiveTooLarge, string.Create(CultureInfo.InvariantCulture,
            $"The Word document has {(count == int.MaxValue ? "more than 65,535" : count.ToString(CultureInfo.InvariantCulture))} parts; at most {MaxEntries} are accepted."));

    private static AttachmentInspection MacrosRefused() =>
        AttachmentInspection.Refused(AttachmentRefusalCodes.MacrosNotAllowed,
            "The Word document contains macros (DOCM/DOTM); save it as a .docx without macros, or as a PDF.");
}
