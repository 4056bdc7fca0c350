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

    /// <summary>What a buyer, seller or marketplace whose token names no marketplace is told: what to ask for, and how locally.</summary>
    public const string NoMarketplace =
        "Your token names no marketplace. A buyer's, seller's or marketplace's token carries a 'marketplace' claim with the "
        + "marketplace's lowercase name (e.g. amazon): ask the issuer of your tokens for one that does; locally, "
        + "scripts/token.sh <role> <partyId> <marketplace>.";
}
