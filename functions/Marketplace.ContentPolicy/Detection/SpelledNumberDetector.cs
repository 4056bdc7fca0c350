using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>Phone numbers spelled out in words ("five five five one two…", "cinco cinco…", "pięć…"), possibly mixed with digits.</summary>
internal static partial class SpelledNumberDetector
{
    private const int MinimumDigits = 7;

    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        var runStart = -1;
        var runEnd = -1;
        var digits = 0;
        var words = 0;
        foreach (var m in NumberToken().EnumerateMatches(text))
        {
            if (runStart >= 0 && IsSeparatorOnly(text, runEnd, m.Index))
            {
                runEnd = m.Index + m.Length;
            }
            else
            {
                Flush(context, runStart, runEnd, digits, words);
                runStart = m.Index;
                runEnd = m.Index + m.Length;
                digits = 0;
                words = 0;
            }

            if (char.IsAsciiDigit(text[m.Index]))
            {
                digits += m.Length;
            }
            else
            {
                digits++;
                words++;
            }
        }

        Flush(context, runStart, runEnd, digits, words);
    }

    private static void Flush(DetectionContext context, int start, int end, int digits, int words)
    {
        if (start >= 0 && digits >= MinimumDigits && words >= 3 && !context.OverlapsFinding(start, end))
        {
            context.Add(ReasonCodes.PersonalData, "spelled-phone", start, end);
        }
    }

    private static bool IsSeparatorOnly(string text, int from, int to)
    {
        if (to - from > 4)
        {
            return false;
        }

        for (var k = from; k < to; k++)
        {
            if (text[k] is not (' ' or ',' or '-' or '.' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    // Number words 0-9 in English, Spanish, Portuguese, Polish, French, German (accents already folded), or digits.
    [GeneratedRegex(
        """
        \b(?:zero|oh|cero|null|nul|one|uno|una|um|uma|jeden|jedna|un|une|eins|ein
          |two|dos|dois|duas|dwa|deux|zwei|zwo|three|tres|trzy|trois|drei|four|cuatro|quatro|cztery|quatre|vier
          |five|cinco|piec|cinq|funf|six|seis|szesc|sechs|seven|siete|sete|siedem|sept|sieben
          |eight|ocho|oito|osiem|huit|acht|nine|nueve|nove|dziewiec|neuf|neun|\d{1,4})\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex NumberToken();
}
