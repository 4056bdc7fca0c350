using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>Email addresses, plain and obfuscated: "(at)", "[arroba]", "małpa", "dot com", spaced-out letters.</summary>
internal static partial class EmailDetector
{
    private static readonly HashSet<string> s_providers = new(StringComparer.Ordinal)
    {
        "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "icloud", "aol", "protonmail",
        "proton", "gmx", "web", "t-online", "wp", "o2", "onet", "interia", "op", "poczta", "orange", "free", "laposte",
        "sfr", "wanadoo", "uol", "bol", "terra", "ig", "libero", "virgilio", "tiscali", "yandex", "mail", "zoho",
    };

    // Words that come before "at" in ordinary sentences: "details at shop dot com" is a link, not an address.
    private static readonly HashSet<string> s_notAMailbox = new(StringComparer.Ordinal)
    {
        "details", "more", "available", "us", "visit", "look", "find", "found", "shop", "buy", "order", "prices", "price",
        "deals", "sell", "sells", "selling", "photos", "pics", "pictures", "catalog", "catalogue", "here", "online", "sale", "link", "website", "site",
        "page", "it", "them", "everything", "stock", "arrive", "arrives", "arrived", "delivered", "be", "is", "are", "was",
        "were", "me", "reviews", "video", "videos", "offers", "offer", "collection", "store", "things", "items", "cheaper",
    };

    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        // Only text around an "@" or a spelled "at" can hold an address: start the full pattern at the word before it.
        var lastEnd = 0;
        foreach (var gate in AtSign().EnumerateMatches(text))
        {
            var start = gate.Index;
            while (start > 0 && text[start - 1] == ' ')
            {
                start--;
            }

            while (start > 0 && IsLocalChar(text[start - 1]))
            {
                start--;
            }

            if (start < lastEnd || start == gate.Index)
            {
                continue;
            }

            var windowEnd = Math.Min(text.Length, gate.Index + gate.Length + 160);
            var m = EmailPattern().Match(text, start, windowEnd - start);
            if (!m.Success || m.Index != start)
            {
                continue;
            }

            var at = m.Groups["at"].Value;
            var domain = m.Groups["domain"].Value;
            var literalAt = at.Trim() == "@";
            var labels = SplitDomain(domain);
            if (labels.Count == 0)
            {
                continue;
            }

            var hasTld = labels.Count >= 2 && UrlDetector.IsKnownTld(labels[^1]);
            var provider = s_providers.Contains(labels[0]);
            // The English word "at" is everywhere ("look at amazon.com"): spelled "at" needs a provider or a spelled "dot".
            var plainWordAt = at.Trim() == "at" && !at.Contains('(', StringComparison.Ordinal) && !at.Contains('[', StringComparison.Ordinal);
            // "como @tiendaluz.mx" is a handle, not "como@tiendaluz.mx": a space before "@" but none after needs a provider.
            var handleLike = literalAt && char.IsWhiteSpace(at[0]) && !char.IsWhiteSpace(at[^1]);
            if (handleLike && !provider)
            {
                continue;
            }

            var accepted = literalAt || !plainWordAt
                ? hasTld || provider
                : provider || (hasTld && DotWord().IsMatch(domain) && !s_notAMailbox.Contains(m.Groups["local"].Value));
            if (!accepted)
            {
                continue;
            }

            var end = m.Index + m.Length;
            if (!hasTld)
            {
                // "juan arroba gmail": the span ends at the provider.
                end = m.Groups["domain"].Index + labels[0].Length;
            }

            context.Add(ReasonCodes.PersonalData, "email", m.Index, end);
            lastEnd = m.Index + m.Length;
        }
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static List<string> SplitDomain(string domain)
    {
        var labels = new List<string>(4);
        foreach (var part in DomainSeparator().Split(domain))
        {
            var p = part.Trim();
            if (p.Length > 0)
            {
                labels.Add(p);
            }
        }

        return labels;
    }

    // A label after a plain dot is any host label (digits, hyphens, internationalised letters: "eu.lampy-24.com.pl",
    // "пример.рф", "xn--p1ai"); after a spaced or spelled dot only a word, so a sentence does not run into the domain.
    [GeneratedRegex(
        """
        (?<local>[a-z0-9][a-z0-9._%+-]{0,63})
        (?<at>\s*@\s*
          |\s*[(\[{<]\s*(?:at|arroba|a|malpa|malpka|arobase|chez|ad)\s*[)\]}>]\s*
          |\s+(?:at|arroba|malpa|malpka|arobase|arobas|klammeraffe|chiocciola|ad)\s+)
        (?<domain>[\p{L}0-9][\p{L}0-9-]{0,62}
          (?:\.\p{L}[\p{L}0-9-]{0,61}[\p{L}0-9](?![\p{L}0-9-])
            |(?:\s*\.\s*|\s*[(\[{<]\s*(?:dot|punto|ponto|kropka|point|punkt|ponto)\s*[)\]}>]\s*|\s+(?:dot|punto|ponto|kropka|point|punkt)\s+)
             [a-z]{2,12}(?![a-z0-9-]))*)
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(
        @"@|[(\[{<]\s*(?:at|arroba|a|malpa|malpka|arobase|chez|ad)\s*[)\]}>]|\b(?:at|arroba|malpa|malpka|arobase|arobas|klammeraffe|chiocciola|ad)\b",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex AtSign();

    [GeneratedRegex(@"\s*\.\s*|\s*[(\[{<]\s*(?:dot|punto|ponto|kropka|point|punkt)\s*[)\]}>]\s*|\s+(?:dot|punto|ponto|kropka|point|punkt)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex DomainSeparator();

    [GeneratedRegex(@"\b(?:dot|punto|ponto|kropka|point|punkt)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DotWord();
}
