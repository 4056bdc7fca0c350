using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Functions.Security;

/// <summary>
/// The authorization policies endpoints name in <c>RequireAuthorization(...)</c>. Every endpoint without one
/// still requires the fallback policy: a valid token whose caller has a known role and a party id.
/// </summary>
public static class AuthorizationPolicies
{
    /// <summary>The marketplace operator's staff: reads everything (audited), manages poison queues.</summary>
    public const string Admin = "admin";

    /// <summary>A marketplace's own backend.</summary>
    public const string Marketplace = "marketplace";

    /// <summary>A finance system answering refund approvals.</summary>
    public const string Finance = "finance";

    /// <summary>A party to conversations: buyer, seller, or admin (who may read any conversation).</summary>
    public const string Party = "party";

    /// <summary>A buyer.</summary>
    public const string Buyer = "buyer";

    /// <summary>A seller.</summary>
    public const string Seller = "seller";

    internal static void Configure(AuthorizationOptions options)
    {
        options.FallbackPolicy = Policy();
        options.DefaultPolicy = Policy();
        options.AddPolicy(Admin, Policy(CallerRole.Admin));
        options.AddPolicy(Marketplace, Policy(CallerRole.Marketplace));
        options.AddPolicy(Finance, Policy(CallerRole.Finance));
        options.AddPolicy(Party, Policy(CallerRole.Buyer, CallerRole.Seller, CallerRole.Admin));
        options.AddPolicy(Buyer, Policy(CallerRole.Buyer));
        options.AddPolicy(Seller, Policy(CallerRole.Seller));
    }

    private static AuthorizationPolicy Policy(params CallerRole[] roles) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new CallerRequirement(roles)).Build();
}
