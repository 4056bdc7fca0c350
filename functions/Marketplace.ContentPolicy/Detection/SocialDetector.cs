using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// Handles (@name) and invitations to messengers and social networks ("write me on WhatsApp", "mi Instagram", "háblame por
/// wasap"); the messenger names, slang and contact verbs are the profile's lexicon.
/// </summary>
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
        var lexicon = context.Profile.Lexicon;
        foreach (var m in lexicon.MessengerInvitation.EnumerateMatches(text))
        {
            // "I can't use WhatsApp, answer here" / "No tengo Instagram" mention a messenger without inviting to it.
            if (!lexicon.IsNegated(text, m.Index))
            {
                context.Add(ReasonCodes.SocialNetworkLink, "messenger", m.Index, m.Index + m.Length);
            }
        }

        foreach (Match m in lexicon.MessengerBeforeNumber.Matches(text))
        {
            var name = m.Groups["name"];
            if (!lexicon.IsNegated(text, m.Index) && !context.OverlapsFinding(name.Index, name.Index + name.Length))
            {
                context.Add(ReasonCodes.SocialNetworkLink, "messenger", name.Index, name.Index + name.Length);
            }
        }

        // "Hit me up on the big blue app": a paraphrase after a contact verb is a guess, so a person decides.
        foreach (var m in lexicon.MessengerParaphrase.EnumerateMatches(text))
        {
            var windowStart = Math.Max(0, m.Index - 40);
            if (lexicon.ContactVerb.IsMatch(text.AsSpan(windowStart, m.Index - windowStart)) && !lexicon.IsNegated(text, m.Index)
                && !context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                context.AddWeak(ReasonCodes.SocialNetworkLink, "messenger", m.Index, m.Index + m.Length);
            }
        }
    }

    // A handle starts with a letter or underscore, so "@ 5 pm" and "tod@s" are not handles.
    [GeneratedRegex(@"(?<![\w.@-])@[a-z_][a-z0-9_.]{2,29}(?<!\.)", RegexOptions.CultureInvariant)]
    private static partial Regex HandlePattern();
}
