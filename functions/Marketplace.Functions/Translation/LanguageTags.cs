using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Functions.Translation;

/// <summary>
/// Turns the language tags people and browsers send (BCP 47: "de-AT", "zh-TW", "pt-BR") into the Translator's language
/// codes: the primary language ("de", "pt") except where the Translator tells variants apart (zh-Hans/zh-Hant, pt-PT,
/// fr-CA, sr-Cyrl/sr-Latn).
/// </summary>
internal static partial class LanguageTags
{
    public const string Rule = "Must be a language tag such as \"en\", \"de-AT\" or \"zh-Hant\" (letters, digits and '-', at most 35 characters).";

    private static readonly Dictionary<string, string> s_variants = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zh"] = "zh-Hans", ["zh-hans"] = "zh-Hans", ["zh-cn"] = "zh-Hans", ["zh-sg"] = "zh-Hans",
        ["zh-hant"] = "zh-Hant", ["zh-tw"] = "zh-Hant", ["zh-hk"] = "zh-Hant", ["zh-mo"] = "zh-Hant",
        ["pt-pt"] = "pt-PT", ["fr-ca"] = "fr-CA",
        ["sr"] = "sr-Cyrl", ["sr-cyrl"] = "sr-Cyrl", ["sr-latn"] = "sr-Latn",
        ["mn-mong"] = "mn-Mong", ["iu-latn"] = "iu-Latn", ["nb"] = "nb", ["no"] = "nb",
    };

    /// <summary>The Translator code for <paramref name="tag"/>; null when it is not a language tag.</summary>
    public static string? Normalize(string? tag)
    {
        var trimmed = tag?.Trim() ?? "";
        if (trimmed.Length is 0 or > 35 || !Tag().IsMatch(trimmed))
        {
            return null;
        }

        var parts = trimmed.Split('-');
        var primary = parts[0].ToLowerInvariant();
        // A variant the Translator tells apart by script or region (zh-TW, zh-Hant-HK, pt-PT); any other region (de-AT, en-GB,
        // pt-BR) reads the language alone.
        if (parts.Length > 1 && s_variants.TryGetValue($"{primary}-{parts[1]}", out var variant))
        {
            return variant;
        }

        return s_variants.TryGetValue(primary, out variant) ? variant : primary;
    }

    /// <summary>The most preferred language in an Accept-Language header (highest q, "*" and q=0 ignored); null when none.</summary>
    public static string? FromAcceptLanguage(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header) || !StringWithQualityHeaderValue.TryParseList(header, out var values))
        {
            return null;
        }

        return values
            .Where(v => v.Value.Value is { Length: > 0 } value && value != "*" && (v.Quality ?? 1) > 0)
            .Select((v, index) => (Code: Normalize(v.Value.Value), Quality: v.Quality ?? 1, index))
            .Where(v => v.Code is not null)
            .OrderByDescending(v => v.Quality)
            .ThenBy(v => v.index)
            .Select(v => v.Code)
            .FirstOrDefault();
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex Tag();
}
