using Marketplace.Functions.Configuration;
using Marketplace.Functions.Deadlines;
using Marketplace.Storage.Refunds;
using Marketplace.Workflows.Refunds;

namespace Marketplace.Functions.Refunds;

/// <summary>Registers refunds: the store, finance's API, and what the refund workflow needs.</summary>
public static class RefundsExtensions
{
    public static IServiceCollection AddRefunds(this IServiceCollection services)
    {
        services.AddValidatedOptions<RefundOptions, RefundOptionsValidator>(RefundOptions.Section);
        services.AddSingleton<RefundStore>();
        services.AddSingleton<RefundService>();
        services.AddSingleton<IRefundDesk, RefundDesk>();
        services.AddTransient<GetRefundProgressActivity>();
        services.AddTransient<CheckReturnDeliveredActivity>();
        services.AddTransient<MarkRefundEscalatedActivity>();
        services.AddTransient<ReturnClaimToMediationActivity>();
        services.AddTransient<RecordRefundPaidActivity>();
        // Finance's, the escalation target's and the payment system's URLs are settings, not users' input, but they go
        // through the same vetted client as sellers' webhooks: no redirects, no proxy, public addresses only.
        services.AddSellerWebhookClient<NotifyFinanceActivity>();
        services.AddSellerWebhookClient<ExecuteRefundPaymentActivity>();
        return services;
    }
}
