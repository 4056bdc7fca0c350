using Marketplace.Storage;
using Marketplace.Storage.Claims;
using Marketplace.Storage.Outbox;
using Marketplace.Workflows;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EventsOut;

/// <summary>
/// Delivers a stream's recorded events to its marketplace, one at a time and in order, each signed and with its id as
/// the idempotency key. Progress is saved after every accepted event under the stream's ETag, so a crash resends at most
/// the event in flight, and two deliverers of one stream never both move it on. A failure stops the stream where it is
/// (later events wait: order matters more than speed) and schedules a retry with a doubling delay; after
/// <see cref="EventsOutOptions.MaxAttempts"/> the stream is dead-lettered until an admin replays it.
/// </summary>
internal sealed class EventDispatcher(
    HttpClient http, MarketplaceSubscriptions subscriptions, EventDeliveryStore deliveries, ConversationStore conversations,
    ClaimStore claims, KeyedAsyncLock locks, MarketplaceEventOutbox outbox, IOptions<EventsOutOptions> options, TimeProvider time, ILogger<EventDispatcher> logger)
{
    public async Task DeliverAsync(EventKick kick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kick);
        if (!EventStreamName.TryParse(kick.Stream, out var stream))
        {
            throw new InvalidOperationException("The delivery request names no event stream.");
        }

        if (await subscriptions.GetAsync(kick.Marketplace, cancellationToken).ConfigureAwait(false) is not { } webhook)
        {
            return;
        }

        // One deliverer per stream in this process (several kicks for one stream often arrive together), so an event is sent
        // twice only when two processes race, and then with the same idempotency key.
        using var held = await locks.AcquireAsync("events-out~" + kick.Stream, cancellationToken).ConfigureAwait(false);
        var state = await deliveries.GetAsync(kick.Marketplace, kick.Stream, cancellationToken).ConfigureAwait(false);
        if (!IsDue(state, kick))
        {
            return;
        }

        var settings = options.Value;
        var events = await ReadAsync(stream, state.DeliveredThrough, settings.BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            // Events from before the subscription are history the marketplace did not ask for: passed over, not sent.
            if (e.Event.OccurredAt >= webhook.Since)
            {
                try
                {
                    await SignedWebhookSender.SendAsync(
                        http, new SellerWebhookEndpoint(webhook.Url, webhook.Secret), EventEnvelope.Serialize(kick.Marketplace, stream, e),
                        EventEnvelope.IdOf(stream, e), time.GetUtcNow(), "marketplace", cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    await RecordFailureAsync(kick, state, ex, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            state = state with
            {
                DeliveredThrough = e.Position, DeliveredCount = state.DeliveredCount + 1, Attempts = 0, LastError = null,
                NextAttemptAt = null, DeadLettered = false,
            };
            if (await deliveries.TrySaveAsync(state, cancellationToken).ConfigureAwait(false) is not { } saved)
            {
                // Another deliverer moved the stream on meanwhile: it carries on from there.
                return;
            }

            state = saved;
        }

        if (events.Count == settings.BatchSize)
        {
            await outbox.RetryAsync(kick with { Attempt = 0 }, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A retry is due if it is the one scheduled. A change's request (attempt 0) is due unless the stream is dead-lettered
    /// or a retry is scheduled (both deliver its events in their turn, and a failing endpoint is not hammered by every new
    /// change); if that retry is long overdue it was lost (a crash between saving the failure and queuing it), and the
    /// change's request takes its place.
    /// </summary>
    private bool IsDue(EventDeliveryState state, EventKick kick) =>
        !state.DeadLettered && (kick.Attempt == 0
            ? state.Attempts == 0 || state.NextAttemptAt + s_lostRetryGrace <= time.GetUtcNow()
            : kick.Attempt == state.Attempts);

    private static readonly TimeSpan s_lostRetryGrace = TimeSpan.FromMinutes(5);

    private Task<IReadOnlyList<StoredOutboundEvent>> ReadAsync(EventStreamName stream, string? after, int limit, CancellationToken cancellationToken) =>
        stream.Kind == EventStreamKind.Conversation
            ? conversations.ListEventsAsync(stream.Id, after, limit, cancellationToken)
            : claims.ListEventsAsync(stream.Id, after, cancellationToken);

    private async Task RecordFailureAsync(EventKick kick, EventDeliveryState state, Exception error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var attempts = state.Attempts + 1;
        var now = time.GetUtcNow();
        var deadLettered = attempts >= settings.MaxAttempts;
        var delay = settings.DelayAfter(attempts);
        var failed = state with
        {
            Attempts = attempts,
            LastError = Describe(error),
            LastAttemptAt = now,
            NextAttemptAt = deadLettered ? null : now + delay,
            DeadLettered = deadLettered,
        };
        if (await deliveries.TrySaveAsync(failed, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        if (deadLettered)
        {
            EventsOutLog.StreamDeadLettered(logger, kick.Marketplace, kick.Stream, attempts);
            return;
        }

        EventsOutLog.DeliveryFailed(logger, kick.Marketplace, kick.Stream, attempts, delay);
        await outbox.RetryAsync(kick with { Attempt = attempts }, delay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What went wrong, for admins: the status code or the kind of connection failure, never a body.</summary>
    private static string Describe(Exception error) => error switch
    {
        HttpRequestException { StatusCode: { } status } http => http.Message.Length <= 300 ? http.Message : $"The marketplace's webhook answered {(int)status}.",
        HttpRequestException http => $"Could not reach the marketplace's webhook ({http.HttpRequestError}).",
        _ => "The marketplace's webhook did not answer in time.",
    };
}
