using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Rules;

/// <summary>
/// Recognises messages Amazon forbids as proactive seller messages: a plain thank-you, or an order or shipping
/// confirmation with nothing the buyer needs to act on.
/// </summary>
internal static partial class MessageTypeClassifier
{
    private const int MaximumLength = 600;

    /// <summary>"thank-you", "confirmation" or null when the message has real content.</summary>
    public static string? ForbiddenType(string normalized)
    {
        if (normalized.Length > MaximumLength || normalized.Contains('?', StringComparison.Ordinal) || Actionable().IsMatch(normalized))
        {
            return null;
        }

        if (Confirmation().IsMatch(normalized))
        {
            return "confirmation";
        }

        return Thanks().IsMatch(normalized) ? "thank-you" : null;
    }

    [GeneratedRegex(
        """
        \b(?:your\s+(?:order|package|parcel|item)s?\s+(?:has|have|is|was|were)\s+(?:been\s+)?(?:shipped|dispatched|sent|confirmed|received|on\s+(?:its|the)\s+way|processed)
          |we\s+(?:have\s+)?(?:received|confirmed|shipped|dispatched)\s+your\s+order|order\s+confirmation|shipping\s+confirmation
          |(?:tu|su)\s+(?:pedido|compra|paquete)\s+(?:ha\s+sido|fue|esta|ya\s+fue)\s+(?:enviad[oa]|confirmad[oa]|despachad[oa]|en\s+camino|recibid[oa])|hemos\s+(?:recibido|confirmado|enviado)\s+(?:tu|su)\s+(?:pedido|compra)
          |(?:seu|sua)\s+(?:pedido|compra|encomenda)\s+(?:foi|ja\s+foi|esta)\s+(?:enviad[oa]|confirmad[oa]|despachad[oa]|a\s+caminho)|recebemos\s+(?:o\s+)?(?:seu|sua)\s+(?:pedido|compra)
          |zamowienie\s+(?:zostalo|jest)\s+(?:wyslane|potwierdzone|nadane|w\s+drodze)|(?:otrzymalismy|przyjelismy|wyslalismy)\s+(?:twoje|pana|pani)?\s*zamowienie
          |votre\s+(?:commande|colis)\s+(?:a\s+ete|est)\s+(?:expedie\w*|confirme\w*|envoye\w*|en\s+route)|nous\s+avons\s+(?:bien\s+)?(?:recu|expedie|confirme)\s+votre\s+commande
          |ihre\s+(?:bestellung|sendung|lieferung)\s+(?:wurde|ist)\s+(?:versandt|verschickt|bestatigt|unterwegs|eingegangen)|wir\s+haben\s+ihre\s+bestellung\s+(?:erhalten|versandt|bestatigt))
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Confirmation();

    [GeneratedRegex(@"\b(?:thank\w*|thx|gracias|agradec\w*|obrigad\w*|dziekuj\w*|dzieki|merci|danke|dankesch\w*|vielen\s+dank)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Thanks();

    // Anything the buyer must read or do makes the message more than a courtesy.
    [GeneratedRegex(
        """
        \b(?:please|could|can\s+you|need|needs|problem|issue|delay\w*|missing|damaged|wrong|confirm\s+(?:your|the)|choose|select|reply|warranty|invoice
          |por\s+favor|necesit\w*|problema|retras\w*|podria|confirm[ae]|elij\w*|responda|garantia|factura|precis\w*|atras\w*|poderia|escolh\w*|nota\s+fiscal
          |prosze|prosimy|potrzeb\w*|problem\w*|opozni\w*|wybierz|potwierdz\w*|gwarancj\w*|faktur\w*
          |pourriez|merci\s+de\s+(?:nous|me|confirmer)|besoin|retard|probleme|choisi\w*|garantie|facture
          |bitte|brauchen|benotig\w*|verzogerung|konnten|wahlen|rechnung|garantie)\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Actionable();
}
