namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>Where a seller wants reminder webhooks, and the secret they are signed with; null if not configured.</summary>
public interface ISellerWebhooks
{
    Task<SellerWebhookEndpoint?> GetAsync(string marketplace, string sellerId, CancellationToken cancellationToken);
}

/// <summary>A seller's reminder webhook.</summary>
public sealed record SellerWebhookEndpoint(Uri Url, string Secret);
