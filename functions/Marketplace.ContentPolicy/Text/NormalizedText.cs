using System.Buffers;
using System.Globalization;
using System.Text;

namespace Marketplace.ContentPolicy.Text;

/// <summary>
/// A lower-cased, accent-folded view of a message that detectors match against, with a map back to the original
/// text so every finding reports its span in what the author wrote.
/// </summary>
/// <remarks>
/// Folding is one char to one char (é→e, ł→l, ß→s, fullwidth ＠→@), zero-width characters are dropped, and runs of
/// four or more single-character tokens ("j o h n @ g m a i l", "5 5 5 1 2 3 4") are joined so spaced-out contact
/// details look like the real thing.
/// </remarks>
internal sealed class NormalizedText : IDisposable
{
    private static readonly char[] s_foldTable = BuildFoldTable();

    private readonly char[] _chars;
    private readonly int[] _map;
    private readonly int _length;

    private NormalizedText(string original, char[] chars, int[] map, int length)
    {
        Original = original;
        _chars = chars;
        _map = map;
        _length = length;
        Text = new string(chars, 0, length);
    }

    /// <summary>The author's text.</summary>
    public string Original { get; }

    /// <summary>The normalized text detectors match against.</summary>
    public string Text { get; }

    public static NormalizedText Create(string original)
    {
        var n = original.Length;
        var first = ArrayPool<char>.Shared.Rent(n + 1);
        var firstMap = ArrayPool<int>.Shared.Rent(n + 1);
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            var c = original[i];
            var folded = Fold(c);
            if (folded == '\0')
            {
                continue;
            }

            first[count] = folded;
            firstMap[count] = i;
            count++;
        }

        var chars = ArrayPool<char>.Shared.Rent(count + 1);
        var map = ArrayPool<int>.Shared.Rent(count + 1);
        var length = JoinSingleCharacterRuns(first, firstMap, count, chars, map);
        ArrayPool<char>.Shared.Return(first);
        ArrayPool<int>.Shared.Return(firstMap);
        return new NormalizedText(original, chars, map, length);
    }

    /// <summary>Maps a normalized span [start, end) to (start, length) in the original text.</summary>
    public (int Start, int Length) ToOriginal(int start, int end)
    {
        if (end <= start)
        {
            return (start < _length ? _map[start] : Original.Length, 0);
        }

        var originalStart = _map[start];
        var last = _map[end - 1];
        var originalEnd = last + (char.IsHighSurrogate(Original[last]) && last + 1 < Original.Length ? 2 : 1);
        return (originalStart, originalEnd - originalStart);
    }

    /// <summary>The original text of a normalized span.</summary>
    public string OriginalSlice(int start, int end)
    {
        var (s, l) = ToOriginal(start, end);
        return Original.Substring(s, l);
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<int>.Shared.Return(_map);
    }

    private static char Fold(char c)
    {
        if (c < s_foldTable.Length)
        {
            return s_foldTable[c];
        }

        return c switch
        {
            '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => '\0',
            '\u00A0' or '\u2007' or '\u202F' or '\u2009' or '\u2002' or '\u2003' => ' ',
            '\uFF20' or '\uFE6B' => '@',
            '\uFF0E' or '\u3002' => '.',
            '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' => '-',
            _ => char.ToLowerInvariant(c),
        };
    }

    // Joins runs of >= 4 one-character tokens separated by one or two spaces: "j o h n" -> "john".
    private static int JoinSingleCharacterRuns(char[] source, int[] sourceMap, int count, char[] target, int[] targetMap)
    {
        var written = 0;
        var i = 0;
        while (i < count)
        {
            if (IsSingleToken(source, count, i))
            {
                var tokens = 1;
                var j = i + 1;
                while (true)
                {
                    var spaces = 0;
                    while (j + spaces < count && source[j + spaces] == ' ' && spaces < 3)
                    {
                        spaces++;
                    }

                    if (spaces is 0 or > 2 || j + spaces >= count || !IsSingleToken(source, count, j + spaces))
                    {
                        break;
                    }

                    tokens++;
                    j += spaces + 1;
                }

                if (tokens >= 4)
                {
                    for (var k = i; k < j; k++)
                    {
                        if (source[k] != ' ')
                        {
                            target[written] = source[k];
                            targetMap[written] = sourceMap[k];
                            written++;
                        }
                    }

                    i = j;
                    continue;
                }
            }

            target[written] = source[i];
            targetMap[written] = sourceMap[i];
            written++;
            i++;
        }

        return written;
    }

    private static bool IsSingleToken(char[] s, int count, int i) =>
        s[i] != ' ' && s[i] != '\n' && (i == 0 || char.IsWhiteSpace(s[i - 1])) && (i + 1 >= count || char.IsWhiteSpace(s[i + 1]));

    private static char[] BuildFoldTable()
    {
        var table = new char[0x250];
        for (var c = 0; c < table.Length; c++)
        {
            var ch = (char)c;
            if (ch is '\t' or '\r')
            {
                table[c] = ' ';
                continue;
            }

            if (ch == '\u00AD')
            {
                table[c] = '\0';
                continue;
            }

            var lower = char.ToLowerInvariant(ch);
            table[c] = lower switch
            {
                'ł' => 'l',
                'ø' => 'o',
                'đ' => 'd',
                'ß' => 's',
                'æ' => 'a',
                'œ' => 'o',
                '\u00A0' => ' ',
                _ => BaseLetter(lower),
            };
        }

        return table;
    }

    private static char BaseLetter(char c)
    {
        if (c < 0x80 || !char.IsLetter(c))
        {
            return c;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return decomposed.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) != UnicodeCategory.NonSpacingMark
            ? decomposed[0]
            : c;
    }
}
