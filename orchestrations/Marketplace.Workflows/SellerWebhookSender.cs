using System.Net.Http.Headers;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows;

/// <summary>
/// Posts a JSON body to a seller's webhook, signed as incoming webhooks are (HMAC-SHA256 over timestamp and body), with an
/// idempotency key. A non-2xx answer (a 3xx included: redirects are not followed) throws, so the calling orchestration
/// retries it with backoff.
/// </summary>
internal static class SellerWebhookSender
{
    public static async Task SendAsync(HttpClient http, SellerWebhookEndpoint endpoint, byte[] body, string idempotencyKey, DateTimeOffset now)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(body, endpoint.Secret, now));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The app's client follows no redirects (the seller chooses the URL; a redirect could lead anywhere).
            var redirected = (int)response.StatusCode is >= 300 and < 400 ? " Redirects are not followed: set the final URL in your seller settings." : "";
            throw new HttpRequestException(
                $"The seller's webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.{redirected}", null, response.StatusCode);
        }
    }
}
