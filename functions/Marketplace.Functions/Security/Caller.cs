using System.Security.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Profiles;

namespace Marketplace.Functions.Security;

/// <summary>Who is calling: role, party id and (for buyers, sellers and marketplaces) the marketplace.</summary>
public sealed record Caller(CallerRole Role, string PartyId, string? Marketplace)
{
    /// <summary>Claim names in the bearer token.</summary>
    public static class ClaimNames
    {
        public const string Role = "role";
        public const string PartyId = "sub";
        public const string Marketplace = "marketplace";
    }

    /// <summary>
    /// Reads the caller from an authenticated principal; null unless the token carries exactly one role that is exactly
    /// one of the role names, exactly one party id (for a buyer or seller, an id as webhooks give them: it becomes part
    /// of storage keys) and at most one marketplace, spelled as marketplaces are (lowercase, <see cref="MarketplaceNames"/>).
    /// Nothing is guessed: "4" or "buyer,seller" is not a role, "AMAZON" is not amazon.
    /// </summary>
    public static Caller? FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!TrySingle(principal, ClaimNames.Role, out var roleText) || !CallerRoles.TryParse(roleText, out var role)
            || !TrySingle(principal, ClaimNames.PartyId, out var party) || !IsPartyId(role, party))
        {
            return null;
        }

        var marketplaces = principal.FindAll(ClaimNames.Marketplace).ToList();
        return marketplaces.Count switch
        {
            0 => new Caller(role, party, null),
            1 when MarketplaceNames.IsCanonical(marketplaces[0].Value) => new Caller(role, party, marketplaces[0].Value),
            _ => null,
        };
    }

    // Buyers' and sellers' ids come from marketplace events, which allow only identifiers; staff ids come from the
    // identity provider as they are (e.g. "auth0|alice"), and are only recorded, never used as keys.
    private static bool IsPartyId(CallerRole role, string party) => role is CallerRole.Buyer or CallerRole.Seller
        ? Identifiers.IsValid(party)
        : !string.IsNullOrWhiteSpace(party);

    private static bool TrySingle(ClaimsPrincipal principal, string type, out string value)
    {
        using var claims = principal.FindAll(type).GetEnumerator();
        value = claims.MoveNext() ? claims.Current.Value : "";
        return value.Length > 0 && !claims.MoveNext();
    }
}

/// <summary>The roles a token can carry.</summary>
public enum CallerRole
{
    Marketplace,
    Buyer,
    Seller,
    Finance,
    Admin,
}

/// <summary>The role names tokens carry, exactly as written here (lowercase); no numbers, lists or other casing.</summary>
public static class CallerRoles
{
    private static readonly Dictionary<string, CallerRole> s_byName = Enum.GetValues<CallerRole>()
        .ToDictionary(Name, role => role, StringComparer.Ordinal);

    /// <summary>"marketplace", "buyer", "seller", "finance", "admin".</summary>
    public static IEnumerable<string> Names => s_byName.Keys;

    public static string Name(CallerRole role) => role switch
    {
        CallerRole.Marketplace => "marketplace",
        CallerRole.Buyer => "buyer",
        CallerRole.Seller => "seller",
        CallerRole.Finance => "finance",
        CallerRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a caller role."),
    };

    public static bool TryParse(string? name, out CallerRole role) => s_byName.TryGetValue(name ?? "", out role);
}
