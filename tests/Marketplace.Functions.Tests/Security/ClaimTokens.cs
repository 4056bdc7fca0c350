using System.Security.Claims;
using System.Text;
using Marketplace.Functions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Functions.Tests.Security;

/// <summary>Tokens with any claims at all, signed with an app's own key, issuer and audience: only the claims can be wrong.</summary>
internal static class ClaimTokens
{
    public static string Sign(IServiceProvider services, Dictionary<string, object> claims)
    {
        var settings = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
