namespace Marketplace.ContentPolicy.Text;

/// <summary>
/// Cyrillic and Greek letters that look like Latin ones, from Unicode TR39 confusables.txt (the lower-case letters a
/// message can hide in "gmаil" or "whatsаpp"), applied only to words that also contain Latin letters.
/// </summary>
/// <remarks>
/// .NET has no TR39 data and the ICU port on NuGet is an alpha release, so the few mappings that matter for Latin
/// skeletons are kept here. A word written wholly in Cyrillic or Greek ("пример.рф") keeps its letters.
/// </remarks>
internal static class Confusables
{
    // Pairs of (look-alike, Latin skeleton), lower case: the text is lower-cased before this runs.
    private const string Pairs =
        "аaвbсcԁdеeҽeһhіiӏlјjкkмmոnоoрpԛqгrѕsтtսuѵvԝwхxуyѐeёeїiӑaӓaӧoӱyԍgɡgɑaɩiʏy" +
        "αaβbεeηnιiκkνvοoρpτtυuχxωwϲcϳj";

    private static readonly char[] Map = BuildMap();

    /// <summary>Replaces look-alikes by their Latin skeleton in every word that mixes them with Latin letters.</summary>
    public static void SkeletonMixedWords(Span<char> text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var latin = false;
            var lookalike = false;
            while (i < text.Length && IsWordChar(text[i]))
            {
                var c = text[i];
                latin |= char.IsAsciiLetterLower(c);
                lookalike |= c < Map.Length && Map[c] != '\0';
                i++;
            }

            if (latin && lookalike)
            {
                for (var k = start; k < i; k++)
                {
                    var c = text[k];
                    if (c < Map.Length && Map[c] != '\0')
                    {
                        text[k] = Map[c];
                    }
                }
            }
        }
    }

    // Domain labels are words of their own ("info@пример.рф" stays Cyrillic after the "@"); "shop_оnline" is one word.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';

    private static char[] BuildMap()
    {
        var map = new char[0x0530];
        for (var k = 0; k + 1 < Pairs.Length; k += 2)
        {
            if (Pairs[k] < map.Length && Pairs[k] != Pairs[k + 1])
            {
                map[Pairs[k]] = Pairs[k + 1];
            }
        }

        return map;
    }
}
