using System.Security.Claims;

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

    /// <summary>Reads the caller from an authenticated principal; null if a claim is missing or unknown.</summary>
    public static Caller? FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var party = principal.FindFirstValue(ClaimNames.PartyId) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var roleText = principal.FindFirstValue(ClaimNames.Role) ?? principal.FindFirstValue(ClaimTypes.Role);
        if (string.IsNullOrWhiteSpace(party) || !Enum.TryParse<CallerRole>(roleText, ignoreCase: true, out var role)
            || !Enum.IsDefined(role))
        {
            return null;
        }

        return new Caller(role, party, principal.FindFirstValue(ClaimNames.Marketplace));
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
