using Marketplace.Functions.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Functions.Security;

/// <summary>
/// Answers 401 and 403 as problem documents saying what is wrong: token_missing, token_expired,
/// token_invalid (bad signature, issuer, audience, or no role/party), forbidden (valid token, wrong role).
/// </summary>
internal sealed class ProblemJwtBearerEvents : JwtBearerEvents
{
    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (Caller.FromPrincipal(context.Principal!) is null)
        {
            context.Fail("The token does not name exactly one known role and one valid party id.");
        }

        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (code, error, detail) = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException => (ProblemCodes.TokenExpired, "invalid_token",
                "The bearer token has expired. Get a new one (locally: scripts/token.sh <role> <partyId>)."),
            not null => (ProblemCodes.TokenInvalid, "invalid_token",
                "The bearer token is not valid here: check its signature, issuer and audience, and that it carries one 'role' (exactly 'marketplace', 'buyer', 'seller', 'finance' or 'admin'), one 'sub' (for a buyer or seller an id of letters, digits, '-', '_', '.', ':') and at most one 'marketplace' (lowercase letters, digits and '-')."),
            null when HasAuthorizationHeader(context.Request) => (ProblemCodes.TokenInvalid, "invalid_request",
                "The Authorization header must be 'Bearer <token>'."),
            null => (ProblemCodes.TokenMissing, null,
                "Send 'Authorization: Bearer <token>'. Locally, scripts/token.sh <role> <partyId> prints one."),
        };
        context.Response.Headers.WWWAuthenticate = error is null ? "Bearer" : $"Bearer error=\"{error}\"";
        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, code, "Authentication required.", detail)
            .ConfigureAwait(false);
    }

    public override Task Forbidden(ForbiddenContext context) =>
        Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Not allowed.",
            "Your token is valid, but its role may not do this.");

    private static bool HasAuthorizationHeader(HttpRequest request) => !string.IsNullOrEmpty(request.Headers.Authorization);
}
