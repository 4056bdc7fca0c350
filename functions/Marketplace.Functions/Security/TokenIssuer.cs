using System.Security.Claims;
using System.Text;
using Marketplace.Functions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Functions.Security;

/// <summary>
/// Signs bearer tokens with the app's own key, issuer and audience (<see cref="AuthOptions"/>): for the local
/// "token" command and for tests. In production the tokens come from the marketplace's identity provider.
/// </summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>A token for <paramref name="caller"/> valid from now for <paramref name="lifetime"/> (default: Auth:TokenLifetime).</summary>
    public string Issue(Caller caller, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow();
        return Issue(caller, now, now + (lifetime ?? options.Value.TokenLifetime));
    }

    /// <summary>A token valid from <paramref name="notBefore"/> to <paramref name="expires"/>: either may be in the past (tests).</summary>
    public string Issue(Caller caller, DateTimeOffset notBefore, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var settings = options.Value;
        var claims = new Dictionary<string, object>
        {
            [Caller.ClaimNames.Role] = CallerRoles.Name(caller.Role),
            [Caller.ClaimNames.PartyId] = caller.PartyId,
        };
        if (!string.IsNullOrEmpty(caller.Marketplace))
        {
            claims[Caller.ClaimNames.Marketplace] = caller.Marketplace;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(settings), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    internal static SymmetricSecurityKey SigningKey(AuthOptions settings) => new(Encoding.UTF8.GetBytes(settings.SigningKey));
}
