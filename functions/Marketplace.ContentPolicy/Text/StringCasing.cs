using System.Globalization;

namespace Marketplace.ContentPolicy.Text;

/// <summary>Lower-casing for host names and config keys, which are compared in lower case like the normalized text.</summary>
internal static class StringCasing
{
    // Host names and reason lists are ASCII identifiers: lower case is their canonical form (CA1308 targets
    // round-tripping user text, which this is not).
    public static string ToLowerInvariantSafe(this string value) => value.ToLower(CultureInfo.InvariantCulture);
}
