using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Refunds;
using Marketplace.Functions.Returns;
using Marketplace.Storage.Claims;
using Marketplace.Workflows.Claims;

namespace Marketplace.Functions.Claims;

/// <summary>Registers post-sale claims: the store, the API's services, what the claim window workflow needs, refunds and return labels.</summary>
public static class ClaimsExtensions
{
    public static IServiceCollection AddClaims(this IServiceCollection services)
    {
        services.AddSingleton<ClaimStore>();
        services.AddSingleton<ClaimAccess>();
        services.AddSingleton<ClaimService>();
        services.AddSingleton<IClaimWindow, ClaimWindow>();
        services.AddTransient<ClaimAwaitingSellerActivity>();
        services.AddTransient<ExpireClaimActivity>();
        services.AddSellerWebhookClient<NotifyClaimSellerActivity>();
        services.AddRefunds();
        services.AddReturns();
        return services;
    }
}
