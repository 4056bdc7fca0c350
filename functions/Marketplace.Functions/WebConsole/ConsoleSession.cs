using System.Security.Claims;
using Marketplace.Functions.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.WebConsole;

/// <summary>
/// The console's sign-in: a person pastes the same token the API takes; it is validated exactly as the API validates a
/// bearer token (the JWT scheme's own handler and parameters, then <see cref="Caller.FromPrincipal"/>) and kept in an
/// HttpOnly, SameSite=Strict cookie whose path is <c>/console</c>, so it is sent to console pages only. The REST API never
/// reads the cookie (it stays bearer-only, so it needs no CSRF defence); console form posts are guarded by
/// <see cref="ConsoleRequests.IsSameOrigin"/>.
/// </summary>
internal sealed class ConsoleSession(IOptionsMonitor<JwtBearerOptions> jwt)
{
    public const string CookieName = "console_session";
    public const string CookiePath = "/console";

    /// <summary>The caller the token names, or null when the API would refuse the token.</summary>
    public async Task<(Caller Caller, ClaimsPrincipal Principal, DateTimeOffset Expires)?> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 8192)
        {
            return null;
        }

        var options = jwt.Get(JwtBearerDefaults.AuthenticationScheme);
        foreach (var handler in options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token.Trim(), options.TokenValidationParameters).ConfigureAwait(false);
            if (result.IsValid && result.ClaimsIdentity is { } identity)
            {
                var principal = new ClaimsPrincipal(identity);
                if (Caller.FromPrincipal(principal) is { } caller)
                {
                    return (caller, principal, new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero));
                }
            }
        }

        return null;
    }

    /// <summary>The signed-in caller of a console request (also set as the request's user, as the API's authentication does), or null.</summary>
    public async Task<Caller?> AuthenticateAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await ValidateAsync(http.Request.Cookies[CookieName]).ConfigureAwait(false) is not { } valid)
        {
            return null;
        }

        http.User = valid.Principal;
        return valid.Caller;
    }

    public static void SignIn(HttpContext http, string token, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(CookieName, token.Trim(), Options(http, expires));
    }

    public static void SignOut(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, Options(http, null));
    }

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Locally the console is plain http on 127.0.0.1; in Azure it is https and the cookie is then Secure too.
        Secure = http.Request.IsHttps,
        Path = CookiePath,
        Expires = expires,
        IsEssential = true,
    };
}
