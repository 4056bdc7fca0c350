using Marketplace.Domain.Conversations;
using Marketplace.Functions.Security;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>The authenticated caller of a request, or a refusal if the token does not say who it is.</summary>
internal static class CallerAccessor
{
    public static Caller Require(HttpContext http) =>
        Caller.FromPrincipal(http.User)
        ?? throw new MessagingException(MessagingError.Forbidden, "caller_unknown",
            "Your token must carry a 'role' (marketplace, buyer, seller, finance or admin) and a 'sub' (your party id).");
}
