using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Functions.Deadlines;

/// <summary>Sellers' reminder webhooks, from their settings.</summary>
internal sealed class SellerWebhooks(PartySettingsStore settings) : ISellerWebhooks
{
    public async Task<SellerWebhookEndpoint?> GetAsync(string marketplace, string sellerId, CancellationToken cancellationToken) =>
        await settings.GetSellerWebhookAsync(marketplace, sellerId, cancellationToken).ConfigureAwait(false) is { } webhook
            ? new SellerWebhookEndpoint(webhook.Url, webhook.Secret)
            : null;
}
