using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Phone numbers in national and international formats, confirmed by libphonenumber for the profile's regions,
/// unless the words before them say it is an order, tracking, invoice or serial number.
/// </summary>
internal static partial class PhoneDetector
{
    private const int ContextWindow = 48;
    private static readonly PhoneNumberUtil s_util = PhoneNumberUtil.GetInstance();

    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        foreach (var m in Candidate().EnumerateMatches(text))
        {
            var start = m.Index;
            var end = m.Index + m.Length;
            var digits = CountDigits(text.AsSpan(start, m.Length));
            var international = text[start] == '+' || text.AsSpan(start).StartsWith("00");
            if (digits < 7 || digits > (international ? 17 : 15) || context.OverlapsFinding(start, end))
            {
                continue;
            }

            var cue = CueBefore(text, start);
            if (cue == Cue.Safe || context.OverlapsSafe(start, end))
            {
                continue;
            }

            if (IsPhone(text.Substring(start, m.Length), context.Profile.PhoneRegions, international, cue == Cue.Phone))
            {
                context.Add(ReasonCodes.PersonalData, "phone", start, end);
            }
        }
    }

    /// <summary>Which kind of word comes last in the few words before a number: a phone cue, a safe cue, or none.</summary>
    internal static Cue CueBefore(string text, int start)
    {
        var windowStart = Math.Max(0, start - ContextWindow);
        var window = text.AsSpan(windowStart, start - windowStart);
        var lastSafe = -1;
        foreach (var m in SafeCue().EnumerateMatches(window))
        {
            lastSafe = m.Index + m.Length;
        }

        var lastPhone = -1;
        foreach (var m in PhoneCue().EnumerateMatches(window))
        {
            lastPhone = m.Index + m.Length;
        }

        if (lastSafe < 0 && lastPhone < 0)
        {
            return Cue.None;
        }

        return lastPhone > lastSafe ? Cue.Phone : Cue.Safe;
    }

    internal static bool IsPhone(string candidate, string[] regions, bool international, bool phoneCue)
    {
        var minimum = Math.Max(7, CountDigits(candidate) - 2);
        if (international)
        {
            var normalized = candidate.StartsWith("00", StringComparison.Ordinal) ? "+" + candidate[2..] : candidate;
            if (Matches(normalized, "ZZ", minimum, phoneCue))
            {
                return true;
            }
        }

        foreach (var region in regions)
        {
            if (Matches(candidate, region, minimum, phoneCue))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string candidate, string region, int minimumDigits, bool phoneCue)
    {
        // VALID numbers always count; merely POSSIBLE ones only when the text says it is a phone ("call me", "WhatsApp").
        var leniency = phoneCue ? PhoneNumberUtil.Leniency.POSSIBLE : PhoneNumberUtil.Leniency.VALID;

        // The matcher is the expensive part; a quick parse rules out most regions (wrong length or prefix) first.
        if (!IsPossibleIn(candidate, region))
        {
            return false;
        }

        foreach (var match in s_util.FindNumbers(candidate, region, leniency, long.MaxValue))
        {
            if (CountDigits(match.RawString) >= minimumDigits)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPossibleIn(string candidate, string region)
    {
        try
        {
            return s_util.IsPossibleNumber(s_util.Parse(candidate, region));
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static int CountDigits(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                n++;
            }
        }

        return n;
    }

    internal enum Cue
    {
        None,
        Phone,
        Safe,
    }

    [GeneratedRegex(@"(?<![\w+(.,/-])(?:\+\s?)?\(?\d(?:[ .\-/()]{0,2}\d){6,17}(?![\w])(?![.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    [GeneratedRegex(
        """
        \b(?:tel|tlf|telf|tfno|telefon\w*|telephone|phone|mobile?|movil|cel|celular|cell|whats\s?app\w*|whats|wpp|zap|call|text|sms|llama\w*|llamar|marca(?:me)?|liga|ligue|ligar|zadzwon\w*|dzwon\w*|kom|komork\w*|appel\w*|portable|handy|anruf\w*|ruf|rufen|contact\w*|kontakt\w*|contacto|contato|reach\s+me)\b
        |\b(?:my|mi|meu|moj|mon|meine|our|nuestro|nosso|nasz|notre|unsere|este\s+es\s+mi|es\s+el)\s+(?:number|numero|nummer|numer)\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCue();

    [GeneratedRegex(
        """
        \b(?:order\w*|orden\w*|pedido\w*|compra|venta|encomenda|zamowieni\w*|commande|bestell\w*|auftrag\w*|transaction|transaccion|transacao|transakcj\w*
           |tracking|track|seguimiento|rastreo|rastreamento|rastreio|envio|envios|guia|przesylk\w*|paczk\w*|list\s+przewozowy|suivi|colis|sendung\w*|paket\w*|parcel|shipment|package|paquete|awb|label|etiqueta
           |invoice|factura|fatura|nota\s+fiscal|nf-?e|faktur\w*|facture|rechnung\w*|receipt|recibo|paragon|quittung
           |serial|s/n|sn|serie|numero\s+de\s+serie|seryjn\w*|serien\w*|model\w*|modele|ref|referenc\w*|sku|ean|upc|isbn|asin|gtin|imei|lote|batch|part|pn|mpn|artikel\w*|article|item|articulo|artigo|artykul\w*|produkt\w*|product\w*|offer|oferta|ofert\w*|aukcj\w*|listing|anuncio|publicacion|annonce|angebot\w*
           |ticket|case|caso|zgloszeni\w*|rma|return|devolucion|devolucao|zwrot\w*|retour|rucksend\w*|claim|reclamo|reclamacao|reklamacj\w*|dossier|vorgang
           |id|nr|nro|num|n[°º]|cpf|cnpj|nip|regon|dni|nif|rut|cuit|vat|tax|code|codigo|kod|code-barres|barcode)\b
        |\#|\bno\.
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex SafeCue();
}
