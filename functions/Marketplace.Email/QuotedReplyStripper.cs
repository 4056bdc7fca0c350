using System.Text.RegularExpressions;

namespace Marketplace.Email;

/// <summary>
/// The text a person wrote in a reply, without what their mail client added below it: the quoted earlier message (Gmail's,
/// Apple Mail's and Thunderbird's "On … wrote:" in the six languages, Outlook's header block or "Original Message"
/// separator, "&gt;" lines, a forwarded message) and the signature ("-- ", "Sent from my iPhone" and its translations).
/// </summary>
internal static partial class QuotedReplyStripper
{
    public static string NewText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var end = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            if (StartsQuoteOrSignature(lines, i))
            {
                end = i;
                break;
            }
        }

        return string.Join('\n', lines.Take(end).Select(l => l.TrimEnd())).Trim();
    }

    private static bool StartsQuoteOrSignature(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (line.Length == 0)
        {
            return false;
        }

        if (lines[i] == "-- " || line == "--" || line.StartsWith('>') || Separator().IsMatch(line) || MobileSignature().IsMatch(line))
        {
            return true;
        }

        // Clients wrap a long attribution ("On Tue, 3 Dec 2026 at 10:15, Jane Doe <\njane@example.com> wrote:") over two lines.
        if (Attribution().IsMatch(line) || (i + 1 < lines.Length && AttributionStart().IsMatch(line) && Attribution().IsMatch(line + " " + lines[i + 1].Trim())))
        {
            return true;
        }

        // Outlook's header block: "From: …" then, within a few lines, "Sent: …" / "Date: …" (translated by the reader's Outlook).
        if (HeaderFrom().IsMatch(line))
        {
            for (var j = i + 1; j < Math.Min(lines.Length, i + 4); j++)
            {
                if (HeaderSentOrTo().IsMatch(lines[j].Trim()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    // "On … wrote:" (en), "Am … schrieb …:" (de), "El … escribió:" (es), "Le … a écrit :" (fr), "W dniu … pisze:" /
    // "… napisał(a):" (pl), "Em … escreveu:" (pt); Outlook on the web writes "From …" lines instead (below).
    [GeneratedRegex(@"^(?:on\s.+\swrote|am\s.+\sschrieb\s?.*|el\s.+\sescribi[oó]|le\s.+\sa\s[ée]crit\s?|(?:w\sdniu|dnia)\s.+\s(?:pisze|napisa[łl](?:a|\(a\))?)|.+\snapisa[łl](?:a|\(a\))?|em\s.+\sescreveu)\s?:$", Options)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^(?:on|am|el|le|w\sdniu|dnia|em)\s", Options)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(
        @"^(?:-{2,}\s*(?:original message|ursprüngliche nachricht|mensaje original|message d'origine|oryginalna wiadomo[śs][ćc]|mensagem original|forwarded message|weitergeleitete nachricht|mensaje reenviado|message transf[ée]r[ée]|przekazana wiadomo[śs][ćc]|mensagem encaminhada)\s*-{2,}"
        + @"|_{10,}|begin forwarded message:|anfang der weitergeleiteten nachricht:|inicio del mensaje reenviado:|d[ée]but du message r[ée]exp[ée]di[ée]\s?:|pocz[ąa]tek przekazywanej wiadomo[śs]ci:|in[íi]cio da mensagem reencaminhada:)$",
        Options)]
    private static partial Regex Separator();

    [GeneratedRegex(
        @"^(?:sent from my \w+|get outlook for \w+|sent from (?:mail|outlook) for \w+|von meinem \w+ gesendet|gesendet von (?:meinem \w+|mail für windows)|enviado desde mi \w+|envoy[ée] de mon \w+|wys[łl]ane z (?:mojego )?\S+|enviado do meu \w+|obtenha o outlook para \w+|obtener outlook para \w+|t[ée]l[ée]charger outlook pour \w+)\.?$",
        Options)]
    private static partial Regex MobileSignature();

    [GeneratedRegex(@"^\*?(?:from|von|de|od|van)\s?:\*?\s.+", Options)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\*?(?:sent|date|to|gesendet|datum|an|enviado|fecha|para|envoy[ée]|[àa]|wys[łl]ano|data|do)\s?:\*?\s.+", Options)]
    private static partial Regex HeaderSentOrTo();
}
