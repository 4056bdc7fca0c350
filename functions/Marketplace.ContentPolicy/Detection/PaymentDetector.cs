using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Paying outside the platform: IBANs (checksum-validated), Polish account numbers, account numbers after a
/// bank word, PayPal friends and family, bank transfer, "pay me directly / outside the platform".
/// </summary>
internal static partial class PaymentDetector
{
    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        Span<char> compact = stackalloc char[40];

        // An IBAN starts with two letters and two digits at a word start: jump from digit to digit instead of
        // trying a pattern at every letter.
        for (var p = text.AsSpan().IndexOfAnyInRange('0', '9'); p >= 0;)
        {
            var start = p - 2;
            if (start >= 0 && p + 1 < text.Length && char.IsAsciiLetterLower(text[start]) && char.IsAsciiLetterLower(text[start + 1])
                && char.IsAsciiDigit(text[p + 1]) && (start == 0 || !char.IsAsciiLetterOrDigit(text[start - 1])))
            {
                TryIban(context, text, start, compact);
            }

            var next = p + 1 < text.Length ? text.AsSpan(p + 1).IndexOfAnyInRange('0', '9') : -1;
            p = next < 0 ? -1 : p + 1 + next;
        }

        foreach (var m in PolishAccountCandidate().EnumerateMatches(text))
        {
            var n = 0;
            foreach (var c in text.AsSpan(m.Index, m.Length))
            {
                if (char.IsAsciiDigit(c) && n < compact.Length)
                {
                    compact[n++] = c;
                }
            }

            if (IbanValidator.IsValidPolishAccount(compact[..n]) && !context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                context.Add(ReasonCodes.OffPlatformPayment, "bank-account", m.Index, m.Index + m.Length);
            }
        }

        foreach (var m in AccountAfterBankWord().EnumerateMatches(text))
        {
            if (!context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                context.Add(ReasonCodes.OffPlatformPayment, "bank-account", m.Index, m.Index + m.Length);
            }
        }

        var lexicon = context.Profile.Lexicon;
        foreach (var m in PaymentPhrase().EnumerateMatches(text))
        {
            if (!context.OverlapsFinding(m.Index, m.Index + m.Length) && !IsOnPlatformOrNegated(lexicon, text, m.Index))
            {
                context.Add(ReasonCodes.OffPlatformPayment, "payment", m.Index, m.Index + m.Length);
            }
        }

        // "Haces un Bizum", "Paiement par Lydia ou Revolut": a payment app named where the sentence talks payment.
        foreach (var m in lexicon.PaymentApp.EnumerateMatches(text))
        {
            var (start, end) = ReviewDetector.SentenceAround(text, m.Index);
            if (!context.OverlapsFinding(m.Index, m.Index + m.Length) && lexicon.PaymentCue.IsMatch(text.AsSpan(start, end - start))
                && !IsOnPlatformOrNegated(lexicon, text, m.Index))
            {
                context.Add(ReasonCodes.OffPlatformPayment, "payment", m.Index, m.Index + m.Length);
            }
        }

        // "Google our shop name and order on our site", "scan the QR code in the box and order directly from us":
        // sending buyers elsewhere without a link. A guess from two phrases, so a person decides.
        foreach (var m in lexicon.OffPlatformHook.EnumerateMatches(text))
        {
            var (start, end) = ReviewDetector.SentenceAround(text, m.Index);
            if (lexicon.OffPlatformDestination.IsMatch(text.AsSpan(start, end - start)) && !context.OverlapsFinding(start, end))
            {
                context.AddWeak(ReasonCodes.OffPlatformPayment, "off-platform", start, end);
            }
        }
    }

    // "You paid with BLIK at checkout" and "we never ask for a bank transfer" name a payment without arranging one.
    private static bool IsOnPlatformOrNegated(Lexicon lexicon, string text, int index)
    {
        var (start, end) = ReviewDetector.SentenceAround(text, index);
        return lexicon.OnPlatformPayment.IsMatch(text.AsSpan(start, end - start)) || lexicon.IsNegated(text, index);
    }

    private static void TryIban(DetectionContext context, string text, int start, Span<char> compact)
    {
        var expected = IbanValidator.LengthFor(text.AsSpan(start, 2));
        if (expected == 0 || context.OverlapsFinding(start, start + 4))
        {
            return;
        }

        // Take exactly as many characters as the country's IBAN has, allowing one space or dash between them.
        var n = 0;
        var end = start;
        while (end < text.Length && n < expected)
        {
            var c = text[end];
            if (char.IsAsciiLetterOrDigit(c))
            {
                compact[n++] = c;
            }
            else if (!(c is ' ' or '-') || end + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[end + 1]))
            {
                break;
            }

            end++;
        }

        if (n == expected && (end >= text.Length || !char.IsAsciiLetterOrDigit(text[end])) && IbanValidator.IsValid(compact[..n]))
        {
            context.Add(ReasonCodes.OffPlatformPayment, "iban", start, end);
        }
    }

    [GeneratedRegex(@"(?<![\w])\d{2}(?:[ -]?\d{4}){6}(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex PolishAccountCandidate();

    [GeneratedRegex(
        """
        \b(?:account|acct|bank\s+account|cuenta|cta|conta|konto|konta|rachunek|rachunku|compte|rib|kontonummer|konto-?nr|cbu|cvu|clabe|routing|sort\s+code|agencia|ag)\b
        [^\d\n]{0,25}?
        \d[\d -]{5,34}\d
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex AccountAfterBankWord();

    [GeneratedRegex(
        """
        # PayPal friends and family, either order
          paypal[^.!?\n]{0,40}?(?:friends?\s*(?:and|&|n)\s*family|f\s*&\s*f|\bfnf\b|amig[oa]s\s*(?:y|e|&)\s*famil\w*|znajom\w*\s*(?:i|&)\s*rodzin\w*|amis\s*(?:et|&)\s*(?:famille|proches)|freunde\s*(?:und|&)\s*familie)
        |(?:friends?\s*(?:and|&|n)\s*family|f\s*&\s*f|amig[oa]s\s*(?:y|e|&)\s*famil\w*|znajom\w*\s*(?:i|&)\s*rodzin\w*|amis\s*(?:et|&)\s*(?:famille|proches)|freunde\s*(?:und|&)\s*familie)[^.!?\n]{0,40}?paypal
        # "pay me / send the money by PayPal, Venmo, Zelle, PIX, Bizum, transfer…"
        |\b(?:pay|send|paga|pague|pagame|pagar|pagas|pagues|pago|manda|mandar|mandame|envia|enviar|enviame|faz|fazer|faca|zaplac\w*|placisz|przeslij|wyslij|przelej|deposit\w*|transfier\w*|transfira|consign\w*|payer|payez|paie|regl\w*|envoyez|envoie|zahl\w*|bezahl\w*|uberweis\w*|send\w*|schick\w*)\b[^.!?\n]{0,30}?\b(?:paypal|venmo|zelle|cash\s?app|revolut|bizum|pix|nequi|daviplata|yape|western\s+union|moneygram|skrill|mercado\s?pago|blik\w*|lydia|paylib|wero|twint)\b
        |\b(?:paypal|venmo|zelle|pix|bizum|revolut|nequi|yape)\s*(?:key|chave|clave)?\s*[:=]
        |\b(?:chave|clave)\s+pix\b
        |\b(?:mando|mandar|mandamos|envio|enviar|enviamos|gero|gerar|passo)\s+(?:o|um|seu)\s+boleto\b
        |\b(?:blik\w*|przelew\w*)\s+na\s+(?:telefon|numer|nr)\b
        |\bprzel(?:ej|ac|ejesz|ejcie|ewem)\b[^.!?\n]{0,20}?\bna\s+(?:moje\s+|nasze\s+)?(?:konto|rachunek)\b
        # bank transfer arranged between the parties
        |\b(?:bank|wire|direct)\s+transfer\b
        |\btransferencia\s+(?:bancaria|directa|a\s+(?:mi|la|nuestra|esta)\s+cuenta|al\s+cbu|por\s+fuera)
        |\bpor\s+transferencia\b
        |\btransferencia\s+(?:bancaria|direta|para\s+(?:minha|a\s+minha|nossa)\s+conta)
        |\bprzelew\w*\s+(?:na\s+(?:moje\s+|nasze\s+|to\s+)?konto|bankow\w*|bezposredni\w*|tradycyjn\w*|na\s+rachunek)
        |\bvirement(?:\s+bancaire|\s+direct)?\b
        |\b(?:bank)?uberweisung\b
        # pay or buy outside the platform
        |\b(?:pay|paying|payment|buy|buying|purchase|sell|deal|order)\w*\b[^.!?\n]{0,25}?\b(?:outside|off)\s+(?:of\s+)?(?:the\s+)?(?:platform|site|amazon|ebay|mercado\s*libre|allegro|marketplace|app)\b
        |\b(?:pay|paying)\s+(?:me|us)\s+directly\b
        |\b(?:buy|purchase|order)\w*\s+(?:it\s+|them\s+|this\s+)?directly\s+from\s+(?:me|us|my|our)\b
        |\bsend\s+(?:me|us)\s+(?:the\s+)?(?:money|payment)\s+directly\b
        |\bfuera\s+de\s+(?:la\s+)?(?:plataforma|mercado\s*libre|amazon|ebay|la\s+app|la\s+pagina)\b
        |\bdirectamente\s+(?:conmigo|con\s+nosotros|a\s+mi\s+cuenta)\b
        |\bpor\s+fora\s+(?:do|da)\s+(?:mercado\s*livre|plataforma|site|amazon|app)\b
        |\bdiretamente\s+(?:comigo|com\s+a\s+gente|conosco|na\s+minha\s+conta)\b
        |\bpoza\s+(?:allegro|platform\w*|serwis\w*|portal\w*|amazon\w*|ebay\w*)\b
        |\bbezposrednio\s+(?:u\s+mnie|ode\s+mnie|do\s+mnie|na\s+(?:moje\s+)?konto)\b
        |\ben\s+dehors\s+(?:de\s+la\s+plateforme|d'amazon|d'ebay|du\s+site)\b
        |\bdirectement\s+(?:aupres\s+de\s+(?:moi|nous)|sur\s+mon\s+compte|par\s+virement)\b
        |\bauss?erhalb\s+(?:von|der|des)\s+(?:plattform|amazon|ebay|allegro)\w*\b
        |\bdirekt\s+(?:bei\s+(?:mir|uns)|an\s+mich|auf\s+mein\s+konto)\b
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PaymentPhrase();
}
