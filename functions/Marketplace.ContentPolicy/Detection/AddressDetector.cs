using System.Text.RegularExpressions;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// An author giving their own postal address ("my address is …", "mi dirección es …") or arranging a hand-over in
/// person. Confirming the buyer's delivery address ("is your address still …?") is not a finding.
/// </summary>
internal static partial class AddressDetector
{
    public static void Detect(DetectionContext context)
    {
        foreach (var m in OwnAddress().EnumerateMatches(context.Text))
        {
            // "Meine Adresse: klaus@gmx.de" is an email address, already reported as one.
            if (!context.OverlapsFinding(m.Index, m.Index + m.Length))
            {
                context.Add(ReasonCodes.PersonalData, "address", m.Index, m.Index + m.Length);
            }
        }
    }

    [GeneratedRegex(
        """
        \b(?:my|our|mi|nuestra|meu|nosso|moj|nasz|mon|notre|meine|unsere)\s+
        (?:home\s+|shop\s+|store\s+|street\s+|postal\s+)?(?:address|direccion|domicilio|endereco|adres|adresse|anschrift)\s*
        (?:is|es|e|to|est|ist|lautet|:)\s*[^\n.!?]{3,60}
        |\b(?:pick\s+(?:it\s+)?up\s+at\s+my\s+(?:house|place|home)|retir[ao]\s+en\s+mi\s+(?:casa|domicilio)|busca\s+na\s+minha\s+casa
           |odbior\s+osobisty\s+u\s+mnie|remise\s+en\s+main\s+propre\s+chez\s+moi|abholung\s+bei\s+mir)\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex OwnAddress();
}
