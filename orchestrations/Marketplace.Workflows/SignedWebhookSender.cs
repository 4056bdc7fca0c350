using System.Net.Http.Headers;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows;

/// <summary>
/// Posts a JSON body to a seller's (or a marketplace's) webhook, signed as incoming webhooks are (HMAC-SHA256 over timestamp
/// and body), with an idempotency key. A non-2xx answer (a 3xx included: redirects are not followed) throws, so the caller
/// retries it with backoff.
/// </summary>
public static class SignedWebhookSender
{
    /// <param name="owner">Whose webhook it is, for the error ("seller", "marketplace").</param>
    public static async Task SendAsync(
        HttpClient http, SellerWebhookEndpoint endpoint, byte[] body, string idempotencyKey, DateTimeOffset now, string owner = "seller",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(body, endpoint.Secret, now));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The app's client follows no redirects (the seller chooses the URL; a redirect could lead anywhere).
            var redirected = (int)response.StatusCode is >= 300 and < 400 ? $" Redirects are not followed: set the final URL in your {owner} settings." : "";
            throw new HttpRequestException(
                $"The {owner}'s webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.{redirected}", null, response.StatusCode);
        }
    }
}
