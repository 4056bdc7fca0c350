using Marketplace.Functions.Configuration;
using Marketplace.Functions.Deadlines;
using Marketplace.Storage.Outbox;

namespace Marketplace.Functions.EventsOut;

/// <summary>Registers delivery of our events to marketplaces' backends.</summary>
public static class EventsOutExtensions
{
    public static IServiceCollection AddEventsOut(this IServiceCollection services)
    {
        services.AddValidatedOptions<EventsOutOptions, EventsOutOptionsValidator>(EventsOutOptions.Section);
        services.AddSingleton<EventDeliveryStore>();
        services.AddSingleton<MarketplaceSubscriptions>();
        services.AddSingleton<MarketplaceEventOutbox>();
        // The marketplace chooses the URL: the same guarded client as sellers' webhooks (public addresses only, no redirects).
        services.AddSellerWebhookClient<EventDispatcher>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EventsOutJsonContext.Default));
        return services;
    }
}
