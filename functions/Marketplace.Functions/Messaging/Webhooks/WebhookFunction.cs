using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Messaging.Webhooks;

/// <summary>
/// POST /api/webhooks/{marketplace}: checks the signature, validates the envelope, queues it and answers
/// 202 at once. Applying the event is the queue function's job (<see cref="ApplyMarketplaceEventFunction"/>). Anonymous
/// as far as bearer tokens go: the HMAC signature authenticates it.
/// </summary>
[AllowAnonymous]
[Tags("Webhooks")]
internal sealed class WebhookFunction(
    IOptions<MessagingOptions> options,
    MarketplaceProfiles profiles,
    WebhookIntake intake,
    TimeProvider time,
    ILogger<WebhookFunction> logger)
{
    [Function("ReceiveWebhook")]
    [EndpointSummary("Receive a signed marketplace event")]
    [SignedWebhook]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status413PayloadTooLarge)]
    [ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    public async Task<Results<Accepted<WebhookAccepted>, ProblemHttpResult>> ReceiveWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/{marketplace}")] HttpRequest request, string marketplace,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(marketplace);
        var settings = options.Value;
        // One spelling per marketplace: "AMAZON" is not a second door to "amazon" (it would take each event twice).
        if (!MarketplaceNames.IsCanonical(marketplace) || !profiles.TryGet(marketplace, out _)
            || !settings.WebhookSecrets.TryGetValue(marketplace, out var secret))
        {
            var lowercase = marketplace.ToLowerInvariant();
            var hint = lowercase != marketplace && MarketplaceNames.IsCanonical(lowercase) && settings.WebhookSecrets.ContainsKey(lowercase)
                ? $" Marketplace names are lowercase: post to /api/webhooks/{lowercase}."
                : $" Marketplace names are {MarketplaceNames.Rule}.";
            return Refuse(logger, marketplace, StatusCodes.Status404NotFound, "unknown_marketplace", "Unknown marketplace",
                $"No marketplace '{marketplace}' is configured to send webhooks here. Check the URL.{hint}");
        }

        var body = await RequestBody.ReadLimitedAsync(request, settings.MaxWebhookBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Refuse(logger, marketplace, StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Webhook too large",
                $"The body exceeds {settings.MaxWebhookBytes} bytes. Send attachments by reference (URL), not inline.");
        }

        var check = WebhookSignature.Verify(
            request.Headers[WebhookSignature.HeaderName], body, secret, time.GetUtcNow(), settings.WebhookTolerance);
        if (check != SignatureCheck.Valid)
        {
            var (code, detail) = check switch
            {
                SignatureCheck.Missing => ("signature_missing", $"Sign the request: send the {WebhookSignature.HeaderName} header 't=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">'."),
                SignatureCheck.Malformed => ("signature_malformed", $"The {WebhookSignature.HeaderName} header must be 't=<unix seconds>,v1=<64 hex characters>'."),
                SignatureCheck.Stale => ("signature_expired", $"The signed timestamp is more than {settings.WebhookTolerance.TotalMinutes:0} minutes from our clock. Sign each delivery when you send it, and check your clock."),
                _ => ("signature_invalid", "The signature does not match the body. Sign the exact bytes you send, with this marketplace's webhook secret."),
            };
            return Refuse(logger, marketplace, StatusCodes.Status401Unauthorized, code, "Webhook signature refused", detail);
        }

        // The body is read as JSON once: validated from that document, and the same document's envelope is queued.
        if (!MarketplaceEventParser.TryReadDocument(body, out var document, out var notJson))
        {
            return RefuseInvalid(logger, marketplace, notJson);
        }

        using (document)
        {
            return await AcceptAsync(marketplace, document.RootElement, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Validates the envelope and queues it, once per event id (with the deliveries arriving alongside: <see cref="WebhookIntake"/>).</summary>
    private async Task<Results<Accepted<WebhookAccepted>, ProblemHttpResult>> AcceptAsync(string marketplace, JsonElement envelope, CancellationToken cancellationToken)
    {
        var parsed = MarketplaceEventParser.Parse(marketplace, envelope);
        if (parsed.UnknownType is { } unknownType)
        {
            return Refuse(logger, marketplace, StatusCodes.Status422UnprocessableEntity, "unknown_event_type", "Unknown event type",
                $"Event type '{unknownType}' is not one we handle. Known types: {string.Join(", ", EventTypes.All)}.");
        }

        if (!parsed.IsValid)
        {
            return RefuseInvalid(logger, marketplace, parsed);
        }

        var (marketplaceEvent, type) = (parsed.Event!, parsed.Type!);
        var queued = new QueuedMarketplaceEvent(marketplace, time.GetUtcNow(), envelope);
        if (!await intake.AcceptAsync(queued, marketplaceEvent.EventId, type, cancellationToken).ConfigureAwait(false))
        {
            MessagingLog.WebhookDuplicate(logger, marketplace, marketplaceEvent.EventId);
            return TypedResults.Accepted((string?)null, new WebhookAccepted(marketplaceEvent.EventId, "duplicate"));
        }

        MessagingLog.WebhookAccepted(logger, marketplace, marketplaceEvent.EventId, type);
        return TypedResults.Accepted((string?)null, new WebhookAccepted(marketplaceEvent.EventId, "accepted"));
    }

    private static ProblemHttpResult RefuseInvalid(ILogger logger, string marketplace, EventParseResult invalid)
    {
        MessagingLog.WebhookRefused(logger, marketplace, "validation_failed");
        return Problems.Validation(new Dictionary<string, string[]>(invalid.Errors), "The event envelope has invalid fields; see 'errors' (keys are JSON paths).");
    }

    private static ProblemHttpResult Refuse(ILogger logger, string marketplace, int status, string code, string title, string detail)
    {
        MessagingLog.WebhookRefused(logger, marketplace, code);
        return Problems.Create(status, code, title, detail);
    }
}
