using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.DurableTask.AzureStorage.Storage;

/// <summary>Turns instance ids into valid table keys and blob prefixes.</summary>
/// <remarks>
/// Table keys may not contain '/', '\', '#', '?' or control characters. Escaping is per character (as %XX / %uXXXX),
/// so the encoding of a prefix is a prefix of the encoding: id-prefix queries become key-range queries.
/// </remarks>
internal static class KeyEncoding
{
    public static string Encode(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            if (!NeedsEscape(c))
            {
                builder.Append(c);
            }
            else if (c <= 0xFF)
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>A short, fixed-length folder name for an instance's blobs (instance ids may hold characters blob names dislike).</summary>
    public static string BlobFolder(string instanceId)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instanceId)).AsSpan(0, 16));

    /// <summary>Quotes a string for an OData filter.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/> (for range filters).</summary>
    public static string PrefixUpperBound(string prefix)
    {
        char last = prefix[^1];
        return prefix[..^1] + (char)(last + 1);
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' or '\'' || char.IsControl(c) || char.IsSurrogate(c);
}
