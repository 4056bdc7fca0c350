using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// URLs and bare domains (also "example dot com"), classified as short links, social/messenger links, payment links,
/// allowed marketplace or carrier links, or external links.
/// </summary>
internal static partial class UrlDetector
{
    private static readonly HashSet<string> Tlds = new(StringComparer.Ordinal)
    {
        "com", "net", "org", "info", "biz", "io", "co", "me", "ly", "gl", "us", "uk", "es", "mx", "ar", "br", "pl", "de",
        "fr", "it", "cl", "pe", "uy", "eu", "pt", "nl", "be", "ch", "at", "ca", "au", "in", "shop", "store", "online",
        "site", "app", "link", "page", "xyz", "tv", "gg", "to", "cc", "am", "gd", "gy", "id", "ru", "cn", "top", "club",
        "live", "gob", "gov", "edu", "sk", "cz", "ie", "se", "no", "dk", "fi", "jp",
    };

    /// <summary>Internationalised TLDs as people type them; their ASCII ("xn--") forms are known by prefix.</summary>
    private static readonly HashSet<string> IdnTlds = new(StringComparer.Ordinal)
    {
        "рф", "рус", "укр", "бел", "срб", "онлайн", "сайт", "中国", "中國", "香港", "台灣", "한국",
    };

    /// <summary>TLDs that may follow a spelled "dot": the short ccTLDs are ordinary words ("punto de venta", "el punto es").</summary>
    private static readonly HashSet<string> SpelledTlds = new(StringComparer.Ordinal)
    {
        "com", "net", "org", "info", "io", "shop", "store", "online", "eu",
    };

    /// <summary>Second-level labels under a country code ("co.uk", "com.br", "org.pl").</summary>
    private static readonly HashSet<string> SecondLevelLabels = new(StringComparer.Ordinal) { "co", "com", "org", "net", "gov", "edu", "ac" };

    private static readonly HashSet<string> Shorteners = new(StringComparer.Ordinal)
    {
        "bit.ly", "bitly.com", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly",
        "shorturl.at", "rb.gy", "tiny.cc", "s.id", "v.gd", "t.ly", "lnkd.in", "shorte.st", "adf.ly", "bl.ink", "short.io",
        "tiny.one", "qrco.de", "amzn.to", "amzn.eu", "grabify.link", "y2u.be", "tr.im", "clck.ru", "u.to", "shrtco.de",
        "bit.do", "x.co", "surl.li", "acortar.link", "encurtador.com.br",
    };

    private static readonly DomainPatterns Social = new(
    [
        "wa.me", "whatsapp.com", "t.me", "telegram.me", "telegram.org", "instagram.com", "instagr.am", "facebook.com",
        "fb.com", "fb.me", "m.me", "messenger.com", "tiktok.com", "twitter.com", "x.com", "linkedin.com", "snapchat.com",
        "pinterest.com", "youtube.com", "youtu.be", "discord.gg", "discord.com", "viber.com", "signal.me", "line.me",
        "wechat.com", "vk.com", "threads.net",
    ]);

    private static readonly DomainPatterns Payment = new(
    [
        "paypal.me", "paypal.com", "paypal.*", "mercadopago.*", "venmo.com", "cash.app", "revolut.me", "wise.com",
        "picpay.me", "zelle.com", "westernunion.com", "skrill.com",
    ]);

    public static IReadOnlyList<string> DefaultCarrierDomains { get; } =
    [
        "ups.com", "usps.com", "fedex.com", "dhl.*", "royalmail.com", "parcelforce.com", "evri.com", "dpd.*", "gls-group.eu",
        "gls-spain.es", "correos.es", "seur.com", "mrw.es", "correios.com.br", "jadlog.com.br", "inpost.pl",
        "inpost.*", "poczta-polska.pl", "pocztex.pl", "laposte.fr", "colissimo.fr", "chronopost.fr", "mondialrelay.fr",
        "myhermes.de", "hermesworld.com", "deutschepost.de", "andreani.com", "oca.com.ar", "correoargentino.com.ar",
        "chilexpress.cl", "correos.cl", "starken.cl", "servientrega.com", "interrapidisimo.com", "coordinadora.com",
        "estafeta.com", "correosdemexico.gob.mx", "poste.it", "brt.it", "17track.net",
    ];

    public static bool IsKnownTld(string label) =>
        Tlds.Contains(label) || IdnTlds.Contains(label) || label.StartsWith("xn--", StringComparison.Ordinal);

    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        // Every URL or bare domain has a dot between a label character and a letter; only those tokens reach the regex.
        var lastEnd = 0;
        for (var dot = text.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = dot + 1 < text.Length ? text.IndexOf('.', dot + 1) : -1)
        {
            if (dot == 0 || dot + 1 >= text.Length || dot < lastEnd || !IsLabelChar(text[dot - 1]) || !IsLetter(text[dot + 1]))
            {
                continue;
            }

            var tokenStart = dot - 1;
            while (tokenStart > 0 && IsUrlChar(text[tokenStart - 1]))
            {
                tokenStart--;
            }

            var tokenEnd = dot + 1;
            while (tokenEnd < text.Length && !char.IsWhiteSpace(text[tokenEnd]) && tokenEnd - tokenStart < 400)
            {
                tokenEnd++;
            }

            var m = UrlPattern().Match(text, tokenStart, tokenEnd - tokenStart);
            if (!m.Success || m.Index > dot)
            {
                continue;
            }

            lastEnd = m.Index + m.Length;
            if (m.Index > 0 && IsBlockedBefore(text[m.Index - 1]))
            {
                continue;
            }

            if (context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                continue;
            }

            var host = m.Groups["host"].Value.TrimEnd('.');
            var labels = host.Split('.');
            if (!IsKnownTld(labels[^1]) && !m.Groups["scheme"].Success)
            {
                continue;
            }

            var end = m.Index + m.Length;
            while (end > m.Index && ".,;:!?)]'\"".Contains(text[end - 1], StringComparison.Ordinal))
            {
                end--;
            }

            Classify(context, host, m.Index, end);
        }

        if (text.Contains(" . ", StringComparison.Ordinal))
        {
            // "tiendaluna . es / catalogo": spaces around the dot, and no sentence going on after the TLD.
            foreach (Match m in SpacedDomainPattern().Matches(text))
            {
                var tld = m.Groups["tld"].Value;
                if (IsKnownTld(tld) && EndsPhrase(text, m.Index + m.Length) && !context.OverlapsFinding(m.Index, m.Index + m.Length))
                {
                    Classify(context, string.Concat(m.Groups["name"].Value.Replace(" ", string.Empty, StringComparison.Ordinal), ".", tld), m.Index, m.Index + m.Length);
                }
            }
        }

        if (!DotWord().IsMatch(text))
        {
            return;
        }

        foreach (Match m in SpelledDomainPattern().Matches(text))
        {
            var tld = m.Groups["tld"].Value;
            // A country code after a spelled dot ("sklep-ania kropka pl"): in the Romance languages the dot words are nouns
            // and the codes are words ("el punto de venta", "au point de retrait", "o ponto e"), so there only when nothing
            // but punctuation follows; "punkt", "kropka" and "dot" are not followed by "de" or "es" in their languages
            // ("holzwerkweber punkt de vorbei"). A second-level pair ("dot co dot uk", "ponto com ponto br") is a domain.
            var romance = RomanceDotWord().IsMatch(text.AsSpan(m.Groups["name"].Index + m.Groups["name"].Length, m.Groups["tld"].Index - m.Groups["name"].Index - m.Groups["name"].Length));
            var countryCode = !SpelledTlds.Contains(tld) && Tlds.Contains(tld) && m.Groups["name"].Length >= 4
                && !m.Groups["cc"].Success && (!romance || EndsPhrase(text, m.Index + m.Length));
            var secondLevel = m.Groups["cc"].Success && SecondLevelLabels.Contains(tld) && Tlds.Contains(m.Groups["cc"].Value);
            if ((!SpelledTlds.Contains(tld) && !countryCode && !secondLevel) || context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                continue;
            }

            var host = string.Concat(m.Groups["name"].Value, ".", tld, m.Groups["cc"].Success ? "." + m.Groups["cc"].Value : string.Empty);
            Classify(context, host, m.Index, m.Index + m.Length);
        }
    }

    // Only spaces, then the end, punctuation or a path: "tiendaluna punto es, allí" but not "punto de venta".
    private static bool EndsPhrase(string text, int end)
    {
        while (end < text.Length && text[end] == ' ')
        {
            end++;
        }

        return end >= text.Length || !char.IsLetterOrDigit(text[end]);
    }

    private static bool IsLabelChar(char c) => IsLetter(c) || char.IsAsciiDigit(c) || c == '-';

    // The text is lower-cased and accent-folded; letters beyond ASCII are internationalised domains ("пример.рф").
    private static bool IsLetter(char c) => char.IsAsciiLetterLower(c) || (c > '\u007F' && char.IsLetter(c));

    private static bool IsUrlChar(char c) => IsLabelChar(c) || c is '.' or '/' or ':' or '_';

    private static bool IsBlockedBefore(char c) => IsLabelChar(c) || c is '@' or '.' or '_';

    private static void Classify(DetectionContext context, string host, int start, int end)
    {
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        if (Shorteners.Contains(host))
        {
            context.Add(ReasonCodes.LinkShortUrl, "short-url", start, end);
        }
        else if (Social.Matches(host))
        {
            context.Add(ReasonCodes.SocialNetworkLink, "social-link", start, end);
        }
        else if (Payment.Matches(host))
        {
            context.Add(ReasonCodes.OffPlatformPayment, "payment-link", start, end);
        }
        else if (context.Profile.AllowedDomains.Matches(host) || (context.Profile.CarrierDomains?.Matches(host) ?? false))
        {
            // Marketplace's own pages and carrier tracking: allowed, but claimed so no other detector reads into them.
            context.SafeSpans.Add((start, end));
        }
        else
        {
            context.Add(ReasonCodes.ExternalLink, "url", start, end);
        }
    }

    [GeneratedRegex(
        """
        (?:(?<scheme>https?://|ftp://|hxxps?://)|www\.)?
        (?<host>(?:[\p{L}0-9](?:[\p{L}0-9-]{0,61}[\p{L}0-9])?\.)+(?:xn--[a-z0-9-]{2,59}|\p{L}{2,12}))
        (?![\p{L}0-9-])
        (?::\d{2,5})?
        (?:[/?\#][^\s<>"']*)?
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(
        """
        (?<![a-z0-9@.-])
        (?<name>[a-z0-9][a-z0-9-]{1,62})
        (?:\s*[(\[{<]\s*(?:dot|punto|ponto|kropka|point|punkt)\s*[)\]}>]\s*|\s+(?:dot|punto|ponto|kropka|point|punkt)\s+)
        (?<tld>[a-z]{2,6})
        (?:(?:\s*[(\[{<]\s*(?:dot|punto|ponto|kropka|point|punkt)\s*[)\]}>]\s*|\s+(?:dot|punto|ponto|kropka|point|punkt)\s+|\.)(?<cc>[a-z]{2}))?
        (?![a-z0-9])
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SpelledDomainPattern();

    [GeneratedRegex(
        """
        (?<![a-z0-9@.-])
        (?<name>[a-z0-9][a-z0-9-]{2,62}(?:\s+\.\s+[a-z]{2,3}(?=\s+\.\s+))?)
        \s+\.\s+
        (?<tld>[a-z]{2,6})
        (?![a-z0-9])
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SpacedDomainPattern();

    [GeneratedRegex(@"\b(?:dot|punto|ponto|kropka|point|punkt)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DotWord();

    [GeneratedRegex(@"\b(?:punto|ponto|point)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RomanceDotWord();
}
