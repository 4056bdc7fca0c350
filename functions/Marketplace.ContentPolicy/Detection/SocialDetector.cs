using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>Handles (@name) and invitations to messengers and social networks ("write me on WhatsApp", "mi Instagram").</summary>
internal static partial class SocialDetector
{
    public static void Detect(DetectionContext context)
    {
        var text = context.Text;
        foreach (var m in HandlePattern().EnumerateMatches(text))
        {
            if (!context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                context.Add(ReasonCodes.SocialNetworkLink, "handle", m.Index, m.Index + m.Length);
            }
        }

        // An invitation may contain a link or number found earlier ("IG: shop.mx"); both findings stand.
        foreach (var m in InvitationPattern().EnumerateMatches(text))
        {
            context.Add(ReasonCodes.SocialNetworkLink, "messenger", m.Index, m.Index + m.Length);
        }
    }

    // A handle starts with a letter or underscore, so "@ 5 pm" and "tod@s" are not handles.
    [GeneratedRegex(@"(?<![\w.@-])@[a-z_][a-z0-9_.]{2,29}(?<!\.)", RegexOptions.CultureInvariant)]
    private static partial Regex HandlePattern();

    [GeneratedRegex(
        """
        (?:
          # "on WhatsApp", "por Instagram", "no zap", "na WhatsAppie", "sur Insta", "über Telegram", "my Instagram", "mi IG"
          \b(?:(?:on|via|through|by|in|at|por|pelo|pela|no|na|en|em|sur|par|auf|uber|per|bei|przez|w|o|al|ao)\s+(?:the\s+|el\s+|o\s+|le\s+|mein(?:em)?\s+|mi\s+|my\s+|meu\s+|nuestro\s+|moj\w*\s+)?
            |(?:my|our|your|mi|mis|tu|nuestro|nuestra|nuestros|meu|minha|nosso|nossa|teu|tua|seu|sua|moj|moje|moim|moja|twoj\w*|nasz|naszym|nasza|mon|ma|ton|ta|votre|notre|mein|meine|meinem|dein|deine|unser|unsere|unserem)\s+)
          (?:whats(?:\s?app\w*)?|wpp|zap(?:zap)?|insta(?:gram\w*)?|ig|telegram\w*|facebook\w*|fb|messenger\w*|tiktok\w*|snapchat|viber|wechat|skype|discord|twitter)\b
          # "WhatsApp: 11 98765…", "insta: shop_name", "IG @name"
         |\b(?:whats\s?app|wpp|zap|insta(?:gram)?|ig|telegram|facebook|fb|tiktok|snapchat|snap|viber|skype|discord|twitter|signal)\s*[:=]\s*@?[a-z0-9+(][a-z0-9_.() -]{2,}
          # "write me … WhatsApp", "escríbeme … Instagram", "napisz … na WhatsApp", "schreib mir … WhatsApp"
         |\b(?:write|text|message|contact|call|add|follow|find|dm|reach|ping|hit\s+me\s+up|escribeme|escribime|escribenos|contactame|contactanos|mandame|agregame|sigueme|siguenos|buscame|hablame|llamame|me\s+chama|me\s+manda|me\s+adiciona|me\s+segue|me\s+siga|fala\s+comigo|chama|manda\s+mensagem|napisz|pisz|dodaj|zadzwon|skontaktuj|odezwij|ecris|ecrivez|contactez|contacte|ajoute|suivez|appelez|schreib|schreiben|kontaktier\w*|folg\w*|meld)\w*\b[^.!?\n]{0,40}?\b(?:whats(?:\s?app\w*)?|wpp|zap(?:zap)?|insta(?:gram\w*)?|telegram\w*|facebook\w*|face|fb|messenger\w*|tiktok\w*|snapchat|viber|wechat|skype|discord|signal)\b
        )
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex InvitationPattern();
}
