using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Asking the other party for their phone number or email address ("pásame tu número", "send me your email").
/// Asking for their WhatsApp or Instagram is a social-network finding (SocialDetector), not this one.
/// </summary>
internal static partial class ContactRequestDetector
{
    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        foreach (var m in ContactRequest().EnumerateMatches(text))
        {
            // "tu número de pedido" asks for an order number, not a phone number.
            var end = m.Index + m.Length;
            var after = text.AsSpan(end, Math.Min(32, text.Length - end));
            if (!OrderNumberFollows().IsMatch(after))
            {
                context.Add(ReasonCodes.PersonalData, "contact-request", m.Index, end);
            }
        }
    }

    [GeneratedRegex(
        """
        \b(?:send|give|text|share|pasame|pasa|dame|mandame|manda|enviame|envia|passa|passe|me\s+passa|me\s+manda|podaj|wyslij|daj|prześlij|przeslij|donnez-moi|donne-moi|envoyez-moi|envoie-moi|geben\s+sie\s+mir|gib\s+mir|schick\w*\s+(?:sie\s+)?mir|senden\s+sie\s+mir)
        \s+(?:me\s+|us\s+)?
        (?:your|tu|su|teu|tua|seu|sua|swoj\w*|twoj\w*|pana|pani|votre|ton|ta|ihre|deine|dein)\s+
        (?:(?:phone|cell|mobile|whatsapp|wpp|whats|zap|celular|movil|telefono|telefone|numer\w*|handy)\s*)?
        (?:numbers?|numero|nummer|numer\w*|phone|celular|cel|movil|telefono|telefone|tel|email|e-mail|mail|correo|adresse\s+(?:e-)?mail|handynummer|telefonnummer)\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ContactRequest();

    [GeneratedRegex(
        @"^\s*(?:de|do|da|of|du|de\s+la|der|des|zamowienia|przesylki|oferty)?\s*(?:\w+\s+)?(?:pedido|orden|compra|seguimiento|rastreo|rastreio|envio|order|tracking|commande|suivi|colis|bestellung|sendung|zamowienia|przesylki|oferty|factura|fatura|invoice|serie|serial|cliente|customer|client|kunden\w*|ticket|caso|case)",
        RegexOptions.CultureInvariant)]
    private static partial Regex OrderNumberFollows();
}
