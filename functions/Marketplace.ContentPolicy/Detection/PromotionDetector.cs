using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Marketing: discount codes, discounts on the next purchase, invitations to other stores, new collections, and the
/// lexicon's marketing phrases.
/// </summary>
internal static partial class PromotionDetector
{
    public static void Detect(DetectionContext context)
    {
        // The lexicon's marketing phrases: "have a look at our other products", "huge sale", "nur diese Woche".
        foreach (var m in context.Profile.Lexicon.Marketing.EnumerateMatches(context.Text))
        {
            if (!context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                context.Add(ReasonCodes.Promotion, "promotion", m.Index, m.Index + m.Length);
            }
        }

        foreach (var m in PromotionPattern().EnumerateMatches(context.Text))
        {
            if (!context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                context.Add(ReasonCodes.Promotion, "promotion", m.Index, m.Index + m.Length);
            }
        }
    }

    [GeneratedRegex(
        """
        # discount codes
          \b(?:discount|promo|promotional|coupon|voucher)\s+codes?\b
        |\b(?:use|enter|apply)\s+(?:the\s+|our\s+)?code\s+\d*[a-z][a-z0-9]{2,}
        |\bcodigo\s+(?:de\s+)?(?:descuento|promocional|promo|cupon|desconto)\b|\bcupon\s+de\s+descuento\b|\bcupom\s+de\s+desconto\b
        |\b(?:usa|use|utiliza|usando|com|con)\s+(?:el\s+|o\s+)?(?:codigo|cupom|cupon)\s+\d*[a-z][a-z0-9]{2,}
        |\bkod\w*\s+(?:rabatow\w*|promocyjn\w*|znizkow\w*)\b|\b(?:uzyj|wpisz)\s+kod\w*\s+\d*[a-z][a-z0-9]{2,}
        |\bcode\s+(?:promo|de\s+reduction|de\s+remise|reduction)\b|\b(?:utilisez|avec)\s+le\s+code\s+\d*[a-z][a-z0-9]{2,}
        |\b(?:rabatt|gutschein|aktions)code\b|\bmit\s+(?:dem\s+)?code\s+\d*[a-z][a-z0-9]{2,}
        # a discount on the next purchase
        |\b(?:discount|\d{1,2}\s*%\s*off|off|descuento|desconto|rabat\w*|znizk\w*|reduction|remise|rabatt)\b[^.!?\n]{0,40}?\b(?:next|proxim[ao]|nastepn\w*|kolejn\w*|prochain\w*|nachst\w*)\s+(?:order|purchase|compra|pedido|zakup\w*|zamowieni\w*|commande|achat|bestellung|einkauf|kauf)
        |\b(?:coupons|cupones|cupons|kupony|gutscheine)\b
        # giveaways
        |\b(?:win|ganar|gana|ganhe|ganhar|wygraj\w*|wygrac|gagne\w*|gagner|gewinn\w*)\b[^.!?\n]{0,30}?\b(?:vouchers?|coupons?|prizes?|cupones|cupons|premios?|nagrod\w*|bons?\s+d'achat|cadeaux|gutschein\w*|preise?)\b
        # other stores and collections
        |\b(?:nossa|nuestra|our|notre|unser\w*|nasz\w*|mi|minha)\s+(?:loja|tienda|store|shop|boutique|sklep)\s+(?:virtual|online|en\s+ligne|internetow\w*)\b
        |\b(?:en|on|in|at|na|no|sur|auf|w|em)\s+(?:nuestra|nuestro|our|nossa|nosso|notre|unserer|unserem|naszym|naszej)\s+(?:web|website|sitio\s+web|sitio|site|pagina\s+web|tienda\s+online|loja\s+online|boutique\s+en\s+ligne|onlineshop|webshop|sklepie\s+internetowym|stronie)\b
        |\b(?:visit|check\s+out|follow|browse|discover|see)\s+(?:our|my)\s+(?:other\s+|new\s+|online\s+)?(?:store|shop|website|site|page|catalog\w*|collection)s?\b
        |\b(?:visita|visite|visitanos|conoce|descubre|mira|confira|conheca|veja|siga|sigue)\s+(?:nuestra|nuestro|nuestros|mi|nossa|nosso|minha|a\s+nossa)\s+(?:otra\s+|outra\s+|nueva\s+|nova\s+)?(?:tienda|pagina|sitio|web|catalogo|coleccion|loja|site|colecao)\b
        |\b(?:odwiedz\w*|zobacz\w*|sprawdz\w*|zapraszamy\s+do)\s+(?:nasz\w*|moj\w*)\s+(?:inn\w*\s+|now\w*\s+)?(?:sklep\w*|stron\w*|kolekcj\w*|ofert\w*)\b
        |\b(?:visitez|decouvrez|consultez|suivez)\s+(?:notre|nos|ma|mon)\s+(?:autre\s+|nouvelle\s+)?(?:boutique|site|magasin|collection|catalogue)s?\b
        |\b(?:besuchen|entdecken|besuch|entdecke|folgen)\s+(?:sie\s+)?(?:unser\w*|mein\w*)\s+(?:ander\w*\s+|neu\w*\s+)?(?:shop|laden|webseite|website|onlineshop|kollektion|katalog)\b
        |\bnew\s+(?:collection|arrivals|season\s+sale)\b|\bnueva\s+coleccion\b|\bnova\s+colecao\b|\bnow\w*\s+kolekcj\w*\b|\bnouvelle\s+collection\b|\bneue\w*\s+kollektion\b
        |\b(?:black\s+friday|cyber\s+monday|summer|winter|spring|clearance)\s+(?:sale|deals?|offers?)\b|\b(?:rebajas|liquidacion\s+total|soldes|ausverkauf|wyprzedaz\w*|promocao\s+imperdivel)\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PromotionPattern();
}
