using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Security;

/// <summary>Bearer-token authentication, role policies and the token issuer.</summary>
public static class SecurityExtensions
{
    internal static IHostApplicationBuilder AddPlatformSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorization(AuthorizationPolicies.Configure);
        builder.Services.AddSingleton<TokenIssuer>();
        return builder;
    }
}
