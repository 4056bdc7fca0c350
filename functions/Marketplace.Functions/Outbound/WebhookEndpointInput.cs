using Marketplace.Functions.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Outbound;

/// <summary>
/// Checks a webhook URL and signing secret a user gives us (a seller's reminders, a marketplace's events): an absolute
/// http(s) URL, a secret long enough for HMAC-SHA256, and a destination that does not lead into our own network.
/// </summary>
internal static class WebhookEndpointInput
{
    public const int MinSecretLength = 16;

    public const string WebhookUrlNotAllowed = "webhook_url_not_allowed";

    /// <returns>The URL, or the problem to answer (fields named as the request names them).</returns>
    public static async Task<(Uri? Url, ProblemHttpResult? Problem)> CheckAsync(
        string? url, string urlField, string? secret, string secretField, WebhookDestinationPolicy destinations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            errors[urlField] = ["Must be an absolute https URL."];
        }

        if (secret is not { Length: >= MinSecretLength })
        {
            errors[secretField] = [$"Must be at least {MinSecretLength} characters; we sign each webhook with it (HMAC-SHA256)."];
        }

        if (errors.Count > 0)
        {
            return (null, Problems.Validation(errors));
        }

        // Server-side request forgery: the app will POST to this URL, so it must not lead back into our own network.
        // Checked again at each delivery, as what the host resolves to may change.
        return await destinations.CheckAsync(parsed!, cancellationToken).ConfigureAwait(false) is { } refusal
            ? (null, Problems.Create(StatusCodes.Status400BadRequest, WebhookUrlNotAllowed, "Webhook URL not allowed", refusal))
            : (parsed, null);
    }
}
