using Marketplace.Functions.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Functions.Security;

/// <summary>Configures bearer-token validation from <see cref="AuthOptions"/>: HMAC key, issuer, audience, lifetime.</summary>
internal sealed class JwtBearerSetup(IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var settings = auth.Value;

        // Keep the token's own claim names ("role", "sub", "marketplace") rather than mapping them to URIs.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = settings.Issuer,
            ValidateAudience = true,
            ValidAudience = settings.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = settings.ClockSkew,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = TokenIssuer.SigningKey(settings),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = Caller.ClaimNames.PartyId,
            RoleClaimType = Caller.ClaimNames.Role,
        };
        options.Events = new ProblemJwtBearerEvents();
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
