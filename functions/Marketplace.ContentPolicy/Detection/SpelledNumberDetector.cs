namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Phone numbers the phone detector cannot see as one number: spelled out digit by digit or in tens and hundreds
/// ("cinco cinco…", "zéro six, douze, trente-quatre", "sześćset jeden", "06 douze 34"), or digit groups split by line
/// breaks, dashes or words ("starts with 654, then 32…"). Number words and filler words come from the lexicon.
/// </summary>
internal static class SpelledNumberDetector
{
    private const int MinimumSpelledDigits = 7;
    private const int MaximumDigits = 15;
    private const int MaximumGap = 6;

    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        var lexicon = context.Profile.Lexicon;
        var run = new Run(context);
        var i = 0;
        var previousEnd = -1;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var token = text.AsSpan(start, i - start);
            if (run.Active && !run.Continues(text, previousEnd, start))
            {
                run.Flush();
            }

            if (IsDigits(token) && token.Length <= 5)
            {
                run.AddDigits(start, i, token);
            }
            else if (token[0] < 128 && lexicon.NumberWordStarts[token[0]] && lexicon.NumberWordLookup.TryGetValue(token, out var value))
            {
                run.AddWord(start, i, value);
            }
            else if (token.Length > 6 && token[0] < 128 && lexicon.NumberWordStarts[token[0]] && TryCompound(lexicon, token, out var hundreds, out var tens, out var unit))
            {
                // German "fünfhundertsiebenundsechzig": hundreds, then tens, then the unit said first.
                if (hundreds > 0)
                {
                    run.AddWord(start, i, hundreds);
                }

                run.AddWord(start, i, tens);
                if (unit > 0)
                {
                    run.AddWord(start, i, unit);
                }
            }
            else if (run.Active && TryFiller(lexicon, text, start, out var fillerEnd))
            {
                run.MarkGap();
                i = fillerEnd;
            }
            else
            {
                run.Flush();
            }

            previousEnd = i;
        }

        run.Flush();
    }

    private static bool IsDigits(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // "siebenundsechzig" = sechzig + sieben; "funfhundert…" = 500 + …; only when every part is a number word.
    private static bool TryCompound(Lexicon lexicon, ReadOnlySpan<char> token, out int hundreds, out int tens, out int unit)
    {
        hundreds = tens = unit = 0;
        var words = lexicon.NumberWordLookup;
        var h = token.IndexOf("hundert", StringComparison.Ordinal);
        if (h > 0 && words.TryGetValue(token[..h], out var multiplier) && multiplier is > 0 and < 10)
        {
            hundreds = multiplier * 100;
            token = token[(h + 7)..];
            if (token.IsEmpty)
            {
                tens = 0;
                return true;
            }

            if (words.TryGetValue(token, out var rest) && rest < 100)
            {
                tens = rest;
                return true;
            }
        }

        var und = token.IndexOf("und", StringComparison.Ordinal);
        if (und > 0 && words.TryGetValue(token[..und], out var u) && u is > 0 and < 10
            && words.TryGetValue(token[(und + 3)..], out var t) && t is >= 20 and < 100 && t % 10 == 0)
        {
            tens = t;
            unit = u;
            return true;
        }

        return false;
    }

    private static bool TryFiller(Lexicon lexicon, string text, int start, out int end)
    {
        end = start;
        var firstEnd = start;
        while (firstEnd < text.Length && char.IsLetter(text[firstEnd]))
        {
            firstEnd++;
        }

        if (!lexicon.NumberFillerFirstWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(start, firstEnd - start)))
        {
            return false;
        }

        var found = false;
        var i = start;
        for (var words = 1; words <= lexicon.MaxFillerWords; words++)
        {
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            var phrase = string.Join(' ', text.AsSpan(start, i - start).ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (lexicon.NumberFillers.Contains(phrase))
            {
                end = i;
                found = true;
            }

            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length || !char.IsLetter(text[i]))
            {
                break;
            }
        }

        return found;
    }

    /// <summary>One run of number tokens being read, with the group being composed from number words.</summary>
    private sealed class Run(DetectionContext context)
    {
        private readonly char[] digits = new char[MaximumDigits + 8];
        private int count;
        private int start = -1;
        private int end;
        private int words;
        private int groups;
        private bool gap;
        private bool overflow;

        // The number being composed from words: value and the smallest place filled so far.
        private int value = -1;
        private int place;

        public bool Active => start >= 0;

        /// <summary>True when only separators lie between the run and the next token (a line break counts, and is remembered).</summary>
        public bool Continues(string text, int from, int to)
        {
            if (to - from > MaximumGap)
            {
                return false;
            }

            var sawSeparator = false;
            for (var k = from; k < to; k++)
            {
                switch (text[k])
                {
                    case ' ':
                        break;
                    case '\n':
                        gap = true;
                        break;
                    case ',' or '-' or '.' or '/' or '(' or ')' or ':' or '…':
                        sawSeparator = true;
                        break;
                    default:
                        return false;
                }
            }

            if (sawSeparator && to - from >= 3)
            {
                // " - " between groups is wider than a phone format allows.
                gap = true;
            }

            return true;
        }

        public void MarkGap() => gap = true;

        public void AddDigits(int tokenStart, int tokenEnd, ReadOnlySpan<char> token)
        {
            CloseGroup();
            Begin(tokenStart, tokenEnd);
            Append(token);
            groups++;
        }

        public void AddWord(int tokenStart, int tokenEnd, int word)
        {
            Begin(tokenStart, tokenEnd);
            words++;
            if (value >= 0 && Fits(word))
            {
                value += word;
                place = Place(word);
                return;
            }

            // "quatre vingt" is 80.
            if (value is > 1 and < 10 && word == 20 && place == 1)
            {
                value *= 20;
                place = 10;
                return;
            }

            // "two hundred", "deux cent": a unit times a hundred.
            if (value is > 0 and < 10 && word == 100)
            {
                value *= 100;
                place = 100;
                return;
            }

            CloseGroup();
            value = word;
            place = Place(word);
            if (word == 0)
            {
                CloseGroup();
            }
        }

        public void Flush()
        {
            CloseGroup();
            // Cheap counts first: most runs are a lone price, date or quantity and end here.
            var spelled = words >= 2 && count >= MinimumSpelledDigits;
            var split = words <= 1 && gap && groups >= 2 && count is >= 8 and <= 13;
            if (start >= 0 && !overflow && (spelled || split) && !context.OverlapsFinding(start, end))
            {
                var cue = PhoneDetector.CueBefore(context.Text, start);
                if (spelled && cue != PhoneDetector.Cue.Safe)
                {
                    context.Add(ReasonCodes.PersonalData, "spelled-phone", start, end);
                }
                else if (split && cue != PhoneDetector.Cue.Safe && !context.OverlapsSafe(start, end)
                    && PhoneDetector.IsPhone(new string(digits, 0, count), context.Profile.PhoneRegions, international: false, cue == PhoneDetector.Cue.Phone))
                {
                    context.Add(ReasonCodes.PersonalData, "phone", start, end);
                }
            }

            start = -1;
            count = words = groups = 0;
            gap = overflow = false;
        }

        // Tens take a unit ("trente-quatre"), 60 and 80 take a teen ("soixante-dix-huit"), hundreds take tens or units;
        // "dix" takes 7-9 ("dix-sept").
        private bool Fits(int word) => place switch
        {
            100 => value % 100 == 0 && word < 100,
            10 => value % 10 == 0 && ((word < 10 && word > 0) || (word is >= 10 and < 20 && value % 100 is 60 or 80)),
            _ => value == 10 && word is >= 7 and <= 9,
        };

        private static int Place(int word) => word >= 100 ? 100 : word >= 10 && word % 10 == 0 ? 10 : 1;

        private void Begin(int tokenStart, int tokenEnd)
        {
            if (start < 0)
            {
                start = tokenStart;
            }

            end = tokenEnd;
        }

        private void CloseGroup()
        {
            if (value < 0)
            {
                return;
            }

            Span<char> buffer = stackalloc char[4];
            value.TryFormat(buffer, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            Append(buffer[..written]);
            groups++;
            value = -1;
            place = 0;
        }

        private void Append(ReadOnlySpan<char> part)
        {
            if (count + part.Length > digits.Length)
            {
                overflow = true;
                return;
            }

            part.CopyTo(digits.AsSpan(count));
            count += part.Length;
        }
    }
}
