using System.Text.Json;
using Azure.Storage.Queues;
using Marketplace.Functions.EmailRelay;
using Marketplace.Functions.Messaging;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EventsOut;

/// <summary>
/// Asks for a stream's recorded events to be delivered to its marketplace (a message on the "event-deliveries" queue,
/// handled by <see cref="EventDispatcher"/>); nothing when the marketplace has not subscribed. The events themselves are
/// already recorded with the change that caused them; this only says "look now".
/// </summary>
internal sealed class MarketplaceEventOutbox(
    QueueServiceClient queues, StorageNames names, MarketplaceSubscriptions subscriptions, IOptions<MessagingOptions> messaging,
    EmailNotifications email)
{
    /// <summary>
    /// After a commit: deliver the stream's new events now. A conversation's events are also the email relay's (its
    /// delivered messages owe their recipients an email), whether or not the marketplace subscribed.
    /// </summary>
    public async Task DeliverAsync(string marketplace, EventStreamName stream, CancellationToken cancellationToken)
    {
        await EnqueueAsync(new EventKick(marketplace, stream.ToString(), 0), null, cancellationToken).ConfigureAwait(false);
        if (stream.Kind == EventStreamKind.Conversation)
        {
            await email.KickAsync(stream.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Before a commit that nothing else retries (an API request's): a delivery due after the follow-up delay, in case the
    /// process dies between the commit and <see cref="DeliverAsync"/>. Harmless when everything was delivered already.
    /// </summary>
    public Task ScheduleRepairAsync(string marketplace, EventStreamName stream, CancellationToken cancellationToken) =>
        EnqueueAsync(new EventKick(marketplace, stream.ToString(), 0), messaging.Value.FollowUpCheckDelay, cancellationToken);

    /// <summary>A failed delivery's retry, due after <paramref name="delay"/>; sent whether or not the subscription still exists.</summary>
    public async Task RetryAsync(EventKick kick, TimeSpan delay, CancellationToken cancellationToken) =>
        await SendAsync(kick, delay, cancellationToken).ConfigureAwait(false);

    private async Task EnqueueAsync(EventKick kick, TimeSpan? delay, CancellationToken cancellationToken)
    {
        if (await subscriptions.GetAsync(kick.Marketplace, cancellationToken).ConfigureAwait(false) is not null)
        {
            await SendAsync(kick, delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(EventKick kick, TimeSpan? delay, CancellationToken cancellationToken) =>
        await queues.GetQueueClient(names.EventDeliveriesQueue).SendMessageAsync(
            JsonSerializer.Serialize(kick, EventsOutJsonContext.Default.EventKick), visibilityTimeout: delay, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
}
