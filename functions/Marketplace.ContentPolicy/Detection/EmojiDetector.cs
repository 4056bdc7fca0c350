using System.Text;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>Emoji (pictographs, dingbats, flags, keycaps), one finding per run of adjacent emoji.</summary>
internal static class EmojiDetector
{
    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        var runStart = -1;
        var runEnd = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x2000)
            {
                // Fast path: nothing below U+2000 is an emoji we flag (©, ® and ™ are ordinary symbols in trade text).
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                i++;
                continue;
            }

            if (IsEmoji(rune.Value))
            {
                if (runStart >= 0 && IsJoinable(text, runEnd, i))
                {
                    runEnd = i + consumed;
                }
                else
                {
                    Flush(context, runStart, runEnd);
                    runStart = i;
                    runEnd = i + consumed;
                }
            }

            i += consumed;
        }

        Flush(context, runStart, runEnd);
    }

    private static bool IsJoinable(string text, int runEnd, int next)
    {
        for (var k = runEnd; k < next; k++)
        {
            if (text[k] is not (' ' or '\uFE0F'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Flush(DetectionContext context, int start, int end)
    {
        if (start >= 0)
        {
            context.Add(ReasonCodes.Emoji, "emoji", start, end);
        }
    }

    private static bool IsEmoji(int cp) =>
        cp is (>= 0x1F000 and <= 0x1FAFF)   // pictographs, emoticons, transport, supplemental symbols, flags
            or (>= 0x2600 and <= 0x27BF)    // miscellaneous symbols and dingbats (☀, ✅, ❤)
            or (>= 0x2B05 and <= 0x2B55)    // arrows, ⭐, ⭕
            or (>= 0x231A and <= 0x23FF)    // ⌚, ⏰, ⏳
            or 0x203C or 0x2049 or 0x3030 or 0x303D;
}
