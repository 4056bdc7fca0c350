namespace Marketplace.Functions.Translation;

/// <summary>One array element of a request: a whole text, or a piece of one too long for a request of its own.</summary>
internal readonly record struct TextPiece(int TextIndex, string Text);

/// <summary>
/// Splits a list of texts into requests the Translator accepts (see <see cref="TranslatorLimits"/>): as many texts per
/// request as the element and character limits allow, counting each character once per target language, and a text
/// longer than one request's share cut into pieces at a sentence end or a space where there is one, so the pieces,
/// translated and joined in order, read as the whole.
/// </summary>
internal static class TranslationBatches
{
    public static List<List<TextPiece>> Plan(IReadOnlyList<string> texts, int targetCount, int maxElements, int maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCount, 1);
        var maxPiece = maxCharacters / targetCount;
        if (maxPiece < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(targetCount), $"At most {maxCharacters} target languages fit one request.");
        }

        var batches = new List<List<TextPiece>>();
        var current = new List<TextPiece>();
        var cost = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            foreach (var piece in Split(texts[i], maxPiece))
            {
                var pieceCost = piece.Length * targetCount;
                if (current.Count == maxElements || cost + pieceCost > maxCharacters)
                {
                    batches.Add(current);
                    current = [];
                    cost = 0;
                }

                current.Add(new TextPiece(i, piece));
                cost += pieceCost;
            }
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    /// <summary>Cuts <paramref name="text"/> into pieces of at most <paramref name="maxLength"/> characters that join back into it.</summary>
    public static IEnumerable<string> Split(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var start = 0;
        while (text.Length - start > maxLength)
        {
            var cut = Boundary(text, start, start + maxLength);
            yield return text[start..cut];
            start = cut;
        }

        yield return text[start..];
    }

    // The end of the last sentence in the second half of the window, else its last space, else the window's end (never
    // between the halves of a surrogate pair). The boundary's whitespace stays with the piece before it.
    private static int Boundary(string text, int start, int end)
    {
        var floor = start + ((end - start) / 2);
        var space = -1;
        for (var i = end - 1; i > floor; i--)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                continue;
            }

            if (IsSentenceEnd(text[i - 1]))
            {
                return i + 1;
            }

            if (space < 0)
            {
                space = i + 1;
            }
        }

        if (space > 0)
        {
            return space;
        }

        return char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;
    }

    private static bool IsSentenceEnd(char c) =>
        c is '.' or '!' or '?' or '\n' or '。' or '！' or '？';
}
