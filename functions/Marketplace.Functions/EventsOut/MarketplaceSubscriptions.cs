using System.Collections.Concurrent;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EventsOut;

/// <summary>
/// The marketplaces' event subscriptions, read through a short cache: every change asks whether its marketplace takes
/// events, and most ask about the same few marketplaces. A change made here is seen here at once, elsewhere within
/// <see cref="EventsOutOptions.SubscriptionCacheTime"/>.
/// </summary>
internal sealed class MarketplaceSubscriptions(PartySettingsStore settings, IOptions<EventsOutOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (MarketplaceEventsWebhook? Webhook, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);

    public async Task<MarketplaceEventsWebhook?> GetAsync(string marketplace, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(marketplace, out var cached) && now - cached.ReadAt < options.Value.SubscriptionCacheTime)
        {
            return cached.Webhook;
        }

        var webhook = await settings.GetMarketplaceWebhookAsync(marketplace, cancellationToken).ConfigureAwait(false);
        _cache[marketplace] = (webhook, now);
        return webhook;
    }

    public async Task SetAsync(string marketplace, MarketplaceEventsWebhook webhook, CancellationToken cancellationToken)
    {
        await settings.SetMarketplaceWebhookAsync(marketplace, webhook, cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(marketplace, out _);
    }

    public async Task<bool> DeleteAsync(string marketplace, CancellationToken cancellationToken)
    {
        var deleted = await settings.DeleteMarketplaceWebhookAsync(marketplace, cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(marketplace, out _);
        return deleted;
    }
}
