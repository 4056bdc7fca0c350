using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Review manipulation, judged per sentence: asking for a positive or 5-star review, offering something in return
/// for a review, or asking to change or remove one. Asking for an honest review ("good or bad") is fine.
/// </summary>
internal static partial class ReviewDetector
{
    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        var lastSentenceEnd = -1;
        foreach (var m in ReviewNoun().EnumerateMatches(text))
        {
            if (m.Index < lastSentenceEnd)
            {
                continue;
            }

            var (start, end) = SentenceAround(text, m.Index);
            lastSentenceEnd = end;
            var sentence = text.AsSpan(start, end - start);
            if (IsManipulation(sentence, context.Profile.Lexicon.ReviewRequest))
            {
                context.Add(ReasonCodes.ReviewManipulation, "review", start, end);
            }
        }
    }

    /// <param name="sentence">One sentence of normalized text.</param>
    /// <param name="softRequest">The lexicon's soft requests ("would be greatly appreciated", "nous ferait plaisir").</param>
    internal static bool IsManipulation(ReadOnlySpan<char> sentence, Regex? softRequest = null)
    {
        var neutral = Neutral().IsMatch(sentence);
        var positive = Positive().IsMatch(sentence) && !ThanksFor().IsMatch(sentence);
        var request = Request().IsMatch(sentence) || (softRequest?.IsMatch(sentence) ?? false);
        var incentive = Incentive().IsMatch(sentence);
        if (positive && (request || incentive) && !neutral)
        {
            return true;
        }

        var change = ChangeOrRemove().IsMatch(sentence);
        if (incentive && (Exchange().IsMatch(sentence) || ((positive || change) && Conditional().IsMatch(sentence))))
        {
            return true;
        }

        return change && (incentive || Addressed().IsMatch(sentence));
    }

    /// <summary>The sentence around a position: from after the previous sentence end to its own end (inclusive).</summary>
    internal static (int Start, int End) SentenceAround(string text, int index)
    {
        var start = index;
        while (start > 0 && !IsSentenceEnd(text[start - 1]))
        {
            start--;
        }

        var end = index;
        while (end < text.Length && !IsSentenceEnd(text[end]))
        {
            end++;
        }

        while (start < end && text[start] == ' ')
        {
            start++;
        }

        return (start, end < text.Length ? end + 1 : end);
    }

    private static bool IsSentenceEnd(char c) => c is '.' or '!' or '?' or '\n' or ';' or '¡' or '¿';

    private const RegexOptions Options = RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    [GeneratedRegex(
        """
        \b(?:feedbacks?|ratings?|stars?|estrell\w*|estrel\w*|negatyw\w*|resenas?|valoracion\w*|calificacion\w*|calificar\w*|califica(?:nos|me)?|avaliac\w*|avaliar|avalie\w*|opinion(?:es)?|opiniao|opinioes|comentarios?
           |opini[aeiy]|opinie|opinii|komentarz\w*|ocen[aey]?|ocenic|ocenil\w*|gwiazd\w*|etoiles?|evaluation\w*|bewertung\w*|rezension\w*|sterne?|punktuacion\w*
           |(?:a|an|the|your|my|our|this|that|positive|negative|good|bad|honest|great|nice|product|seller|glowing|\d[-\s]?star|five[-\s]star)\s+reviews?
           |reviews)\b
        |(?:\b(?:un|votre|vos|des|cet|bon|excellent|laisser|laissez)\s+|\bd'|\bl')avis\b
        |\bavis\s+(?:positif|client|5|cinq)
        |\b(?:meilleure|bonne|excellente)\s+note\b|\bnote\s+maximale\b|\bnota\s+(?:maxima|10|5)\b
        """, Options)]
    private static partial Regex ReviewNoun();

    // Thanking for a review already given is not asking for one.
    [GeneratedRegex(@"\b(?:thanks?\s+(?:you\s+)?(?:so\s+much\s+|a\s+lot\s+)?for|gracias\s+por|obrigad[oa]\s+(?:pel[oa]|por)|dziekuj\w*\s+za|dzieki\s+za|merci\s+(?:beaucoup\s+)?pour|danke\s+(?:schon\s+|sehr\s+)?fur|vielen\s+dank\s+fur)\b", Options)]
    private static partial Regex ThanksFor();

    [GeneratedRegex(
        """
        \b(?:positi[vf]\w*|pozytyw\w*|glowing|elogio\w*|elogie\w*)\b
        |\b(?:good|great|excellent|nice|perfect|top|best|awesome|amazing)\s+(?:\w+\s+)?(?:review|feedback|rating)
        |\b(?:5|five|cinco|cinq|funf|piec|piat\w*|10)[\s-]*(?:\*|stars?|estrell\w*|estrel\w*|gwiazd\w*|etoiles?|sterne?)
        |\b(?:5|10)\s*/\s*(?:5|10)\b
        |\b(?:buena|excelente|maxima)\s+(?:calificacion|resena|valoracion|opinion|puntuacion|nota)|\bbuen\s+comentario|\bnota\s+(?:maxima|10|5)\b
        |\b(?:boa|otima|excelente|maxima)\s+(?:avaliac\w*|nota)|\bbom\s+(?:feedback|comentario)
        |\bdobr\w*\s+(?:opini\w*|ocen\w*|komentarz\w*)|\bmaksymaln\w*\s+ocen\w*
        |\b(?:bon|bonne|excellent|excellente|meilleure)\s+(?:avis|note|evaluation)
        |\b(?:gute|sehr\s+gute|beste)\w*\s+(?:bewertung|rezension|note)
        """, Options)]
    private static partial Regex Positive();

    [GeneratedRegex(
        """
        \b(?:leave|give|write|post|rate|consider|share|submit|deja\w*|dejar\w*|deje|dejen|danos|darnos|dar|dame|calificar\w*|calificanos|califiquen\w*|puntua\w*|puntuanos|valoranos|valorar\w*|escrib\w*|deixe|deixa\w*|avalie\w*|avaliar|zostaw\w*|wystaw\w*|daj|dac|ocen\w*|napisz|napisac
           |laiss\w*|donn\w*|mett\w*|ecri\w*|attribu\w*|hinterlass\w*|geb\w*|bewerte\w*|schreib\w*|vergeb\w*
           |please|por\s+favor|prosze|prosimy|bitte|s'il\s+vous\s+plait|merci\s+de|would\s+(?:appreciate|love)|agradec\w*|wdzieczn\w*|apprecier\w*|freuen)\b
        """, Options)]
    private static partial Regex Request();

    [GeneratedRegex(
        """
        \b(?:honest\w*|sincer\w*|honest[ao]|szczer\w*|honnete\w*|ehrlich\w*|impartial|unbiased|objectiv\w*|objetiv\w*|obiektywn\w*
           |good\s+or\s+bad|buena\s+o\s+mala|boa\s+ou\s+(?:ruim|ma)|dobr\w*\s+czy\s+zl\w*|bonne\s+ou\s+mauvaise|gut\s+oder\s+schlecht
           |positive\s+or\s+negative|positiv[ao]\s+o\s+negativ[ao]|positiv[ao]\s+ou\s+negativ[ao]|pozytywn\w*\s+czy\s+negatywn\w*|positi\w*\s+ou\s+negati\w*|positiv\w*\s+oder\s+negativ\w*)\b
        """, Options)]
    private static partial Regex Neutral();

    [GeneratedRegex(
        """
        \b(?:refund\w*|money|cash|gift\w*|voucher|coupon|discount|reembols\w*|dinero|plata|regalo|descuento|cupon|dinheiro|presente|brinde|desconto|cupom
           |zwrot\w*|pieniadz\w*|pieniedz\w*|kase|prezent\w*|rabat\w*|znizk\w*|rembours\w*|argent|cadeau\w*|reduction|remise|geld|geschenk\w*|gutschein\w*|rabatt\w*|erstatt\w*|ruckerstatt\w*
           |free|gratis|gratuit\w*|kostenlos\w*|darmow\w*|compens\w*|bonus|mimo|mimos)\b
        |[$€£]\s?\d|\d\s?(?:€|eur\b|zl\b|usd\b|\$)
        """, Options)]
    private static partial Regex Incentive();

    [GeneratedRegex(
        """
        \b(?:in\s+exchange|in\s+return|a\s+cambio|em\s+troca|w\s+zamian|en\s+echange|en\s+retour|im\s+austausch|als\s+dank|dafur
           |for\s+(?:a|your|the)\s+(?:\w+\s+){0,2}(?:review|feedback|rating)
           |por\s+(?:una|tu|su|la)\s+(?:\w+\s+)?(?:resena|valoracion|opinion|calificacion)
           |p(?:ela|or)\s+(?:sua\s+|uma\s+)?(?:\w+\s+)?avaliac\w*
           |za\s+(?:\w+\s+)?(?:opini\w*|komentarz\w*|ocen\w*|pozytyw\w*)
           |pour\s+(?:un|votre)\s+(?:\w+\s+)?avis
           |fur\s+(?:eine|ihre|deine)\s+(?:\w+\s+)?bewertung)\b
        """, Options)]
    private static partial Regex Exchange();

    [GeneratedRegex(@"\b(?:if|once|si|jesli|jezeli|gdy|wenn|falls|sobald|lorsque|quand|cuando|quando|caso)\b|\bse\s+(?:voce|vc|nos|me|tu)\b", Options)]
    private static partial Regex Conditional();

    [GeneratedRegex(
        """
        \b(?:chang\w*|remov\w*|delet\w*|updat\w*|modif\w*|withdraw\w*|edit\w*|take\s+down|cambi\w*|elimin\w*|borr\w*|quit\w*|mud\w*|alter\w*|exclu\w*|apag\w*
           |zmien\w*|usun\w*|wycof\w*|popraw\w*|supprim\w*|enlev\w*|retir\w*|andern|anderst|andert|geandert|anderung\w*|abander\w*|losch\w*|entfern\w*|zuruckzi\w*)\b
        """, Options)]
    private static partial Regex ChangeOrRemove();

    [GeneratedRegex(@"\b(?:your|you|tu|su|sus|usted|seu|sua|voce|twoj\w*|pan|pani|panstwa|votre|vos|vous|ihre|ihr|deine|dein|sie|please|por\s+favor|prosze|bitte)\b", Options)]
    private static partial Regex Addressed();
}
