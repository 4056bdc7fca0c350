namespace Marketplace.Functions.Outbound;

/// <summary>
/// Applies <see cref="WebhookDestinationPolicy.CheckUrl"/> to every request the client sends, so a URL saved before
/// the rules existed (plain http, credentials, an odd port) is not called; <see cref="VettedConnector"/> checks the addresses.
/// </summary>
internal sealed class WebhookUrlGuard(WebhookDestinationPolicy policy) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.RequestUri is { } url ? policy.CheckUrl(url) : "No URL.") is { } refusal)
        {
            throw new HttpRequestException(refusal, new WebhookDestinationRefusedException(refusal));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
