namespace Marketplace.Domain.Events;

/// <summary>Reads a party role from its name, "buyer" or "seller" in any case; not Enum.TryParse, which also takes "1" or "buyer,seller".</summary>
public static class PartyRoles
{
    public static bool TryParse(string? name, out PartyRole role)
    {
        if (string.Equals(name, "buyer", StringComparison.OrdinalIgnoreCase))
        {
            role = PartyRole.Buyer;
            return true;
        }

        role = PartyRole.Seller;
        return string.Equals(name, "seller", StringComparison.OrdinalIgnoreCase);
    }
}
