using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Marketplace.Storage;

/// <summary>Opaque paging cursors: URL-safe base64 of a position, so callers don't build them by hand.</summary>
public static class Cursor
{
    public static string Encode(long sequence) => Encode(sequence.ToString(CultureInfo.InvariantCulture));

    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    public static bool TryDecode(string? cursor, out string position)
    {
        position = "";
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            position = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool TryDecodeSequence(string? cursor, out long sequence)
    {
        sequence = 0;
        return TryDecode(cursor, out var position)
            && (position.Length == 0 || long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out sequence));
    }
}
