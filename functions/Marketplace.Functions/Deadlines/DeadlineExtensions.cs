using Marketplace.Functions.Configuration;
using Marketplace.Functions.Outbound;
using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Deadlines;

/// <summary>Registers the reply-deadline workflow and what it needs from the app.</summary>
public static class DeadlineExtensions
{
    public static IServiceCollection AddReplyDeadlines(this IServiceCollection services)
    {
        services.AddSingleton<ReplyDeadlineStore>();
        services.AddSingleton<IDeadlineRecords, DeadlineRecords>();
        services.AddSingleton<DeadlineEvents>();
        services.AddSingleton<ISellerWebhooks, SellerWebhooks>();
        services.AddSingleton<IConversationReplies, ConversationReplies>();
        services.AddSingleton<ReplyDeadlineStarter>();
        services.AddValidatedOptions<DeadlineOptions, DeadlineOptionsValidator>(DeadlineOptions.Section);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton(sp => new WebhookDestinationPolicy(
            sp.GetRequiredService<IOptions<DeadlineOptions>>().Value.AllowLoopbackWebhooks, sp.GetRequiredService<IHostResolver>()));
        services.AddSingleton<VettedConnector>();
        services.AddSellerWebhookClient<NotifySellerActivity>();
        // The activity classes the activity functions wrap (NotifySellerActivity is the typed client above).
        services.AddTransient<RecordDeadlineActivity>();
        services.AddTransient<CheckReplyActivity>();
        return services;
    }

    /// <summary>
    /// A typed client for an activity that posts to a seller's webhook: each call gets a pooled handler; retries are the
    /// orchestration's (durable timers). Sellers choose the URL, so it goes only where WebhookDestinationPolicy allows,
    /// checked at each connection; no proxy (it would resolve the name itself) and no redirects (a 3xx could point
    /// anywhere: it is a failed delivery).
    /// </summary>
    public static IServiceCollection AddSellerWebhookClient<TActivity>(this IServiceCollection services)
        where TActivity : class
    {
        services.AddHttpClient<TActivity>(http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<VettedConnector>().ConnectAsync,
            })
            .AddHttpMessageHandler(sp => new WebhookUrlGuard(sp.GetRequiredService<WebhookDestinationPolicy>()));
        return services;
    }
}
