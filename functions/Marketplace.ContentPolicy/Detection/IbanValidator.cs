namespace Marketplace.ContentPolicy.Detection;

/// <summary>IBAN length per country and the ISO 13616 mod-97 checksum.</summary>
internal static class IbanValidator
{
    private static readonly Dictionary<string, int> s_lengths = new(StringComparer.Ordinal)
    {
        ["ad"] = 24, ["at"] = 20, ["be"] = 16, ["bg"] = 22, ["br"] = 29, ["ch"] = 21, ["cy"] = 28, ["cz"] = 24,
        ["de"] = 22, ["dk"] = 18, ["ee"] = 20, ["es"] = 24, ["fi"] = 18, ["fr"] = 27, ["gb"] = 22, ["gi"] = 23,
        ["gr"] = 27, ["hr"] = 21, ["hu"] = 28, ["ie"] = 22, ["is"] = 26, ["it"] = 27, ["li"] = 21, ["lt"] = 20,
        ["lu"] = 20, ["lv"] = 21, ["mc"] = 27, ["mt"] = 31, ["nl"] = 18, ["no"] = 15, ["pl"] = 28, ["pt"] = 25,
        ["ro"] = 24, ["se"] = 24, ["si"] = 19, ["sk"] = 24, ["sm"] = 27, ["ua"] = 29, ["tr"] = 26, ["va"] = 22,
    };

    /// <summary>The IBAN length of a country code (lower case), or 0 when unknown.</summary>
    public static int LengthFor(ReadOnlySpan<char> country) =>
        s_lengths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(country, out var n) ? n : 0;

    /// <summary>Checks the mod-97 checksum of a compact, lower-case IBAN (letters and digits only).</summary>
    public static bool IsValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || iban.Length > 34)
        {
            return false;
        }

        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            if (c is >= '0' and <= '9')
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (c is >= 'a' and <= 'z')
            {
                remainder = ((remainder * 100) + (c - 'a' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>A Polish NRB (26 digits, the IBAN without "PL") with a valid checksum.</summary>
    public static bool IsValidPolishAccount(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 26)
        {
            return false;
        }

        Span<char> iban = stackalloc char[28];
        iban[0] = 'p';
        iban[1] = 'l';
        digits.CopyTo(iban[2..]);
        return IsValid(iban);
    }
}
