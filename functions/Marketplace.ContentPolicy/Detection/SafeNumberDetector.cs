using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Recognises everyday numbers (dates, times, prices, measures, tracking, order, model and invoice numbers) so the
/// phone detector doesn't raise false alarms on them.
/// </summary>
internal static partial class SafeNumberDetector
{
    private const int Margin = 40;

    /// <summary>
    /// True when [start, end) overlaps an everyday number. Only a window around the candidate is scanned: most
    /// messages have few number candidates, so this is cheaper than marking the whole text up front.
    /// </summary>
    public static bool IsSafe(string text, int start, int end)
    {
        var windowStart = Math.Max(0, start - Margin);
        while (windowStart > 0 && !char.IsWhiteSpace(text[windowStart - 1]))
        {
            windowStart--;
        }

        var windowEnd = Math.Min(text.Length, end + Margin);
        while (windowEnd < text.Length && !char.IsWhiteSpace(text[windowEnd]))
        {
            windowEnd++;
        }

        foreach (var m in SafePattern().EnumerateMatches(text.AsSpan(windowStart, windowEnd - windowStart)))
        {
            // Whole tokens only (NonBacktracking has no lookarounds): "a12345" is not the model number "12345".
            var s = windowStart + m.Index;
            var e = s + m.Length;
            if ((s > 0 && char.IsLetterOrDigit(text[s - 1])) || (e < text.Length && char.IsLetterOrDigit(text[e])) || ContinuesNumber(text, e))
            {
                continue;
            }

            if (s < end && start < e)
            {
                return true;
            }
        }

        return false;
    }

    // "06.45.32" followed by ".18.90" is part of a longer number, not a date.
    private static bool ContinuesNumber(string text, int end) =>
        end + 1 < text.Length && text[end] is '.' or '-' or '/' && char.IsAsciiDigit(text[end + 1]);

    [GeneratedRegex(
        """
        (?:
          \d{4}-\d{2}-\d{2}(?:t\d{2}:\d{2}(?::\d{2})?)?                                    # ISO date
         |(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|[12]\d|3[01])[./-](?:\d{4}|\d{2})     # 15/03/2024, 03.15.24
         |\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?                                       # 10:30, 9:15 pm
         |(?:us\$|r\$|\$|€|£|zl|pln|eur|usd|gbp|mxn|ars|brl|clp|cop)\s?\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?  # prices
         |\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?\s?(?:\$|€|£|zl|pln|eur|euros?|usd|dolares|dollars?|reais|pesos|gbp|mxn|ars|brl|clp|cop)
         |\d+(?:[.,]\d+)?\s?[x×*]\s?\d+(?:[.,]\d+)?(?:\s?[x×*]\s?\d+(?:[.,]\d+)?)?        # dimensions 30x20x10
         |\d+(?:[.,]\d+)?\s?(?:mm|cm|m|km|kg|g|mg|lbs?|oz|ml|l|w|kw|v|mah|gb|tb|mb|hz|ghz|pcs|uds|szt|pzas|pieces|piezas|pecas|stuck|inch(?:es)?|in|%|")
         |1z[0-9a-z]{16}                                                                     # UPS
         |[a-z]{2}\d{9}[a-z]{2}                                                              # UPU S10: Correos, Correios, La Poste
         |\d{3}-\d{7}-\d{7}                                                                  # Amazon order id
         |\d{5}-\d{3}                                                                        # Brazilian postcode (CEP 01310-100)
         |(?:cep|plz|postcode|post\s?code|zip(?:\s?code)?|codigo\s+postal|code\s+postal|kod\s+pocztowy)\s*:?\s*\d{2,5}(?:-\d{3,4})?  # a named postcode
         |\d{16,}                                                                            # MercadoLibre order ids, long tracking numbers
         |(?:\d{4}[ ]){4,6}\d{2,4}                                                           # USPS 9400 1000 0000 0000 0000 00
         |[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}                     # Allegro checkout form ids
         |[a-z]{1,4}-?\d{2,}[a-z0-9-]*                                                       # model, SKU and invoice numbers: FV-2024-0113, SM-G991B
        )
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex SafePattern();
}
