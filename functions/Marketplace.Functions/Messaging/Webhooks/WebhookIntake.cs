using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Storage;

namespace Marketplace.Functions.Messaging.Webhooks;

/// <summary>
/// Group commit for the webhook intake. Every delivery must be durably recorded and queued before it is answered 202,
/// and doing that per delivery (a read, an insert and a queue message each) is what limited intake to a small fraction of
/// what storage can take. So deliveries arriving while a flush is under way wait for the next one, which handles them all:
/// one transaction per marketplace recording them, whose inserts also tell the redeliveries (events recorded before)
/// without a read per event, then one queue message per <see cref="MaxQueuedBytes"/> of events. Under light load a flush
/// holds one delivery; under load deliveries share the transaction and the queue message.
/// The event log comes first: its insert is the redelivery check, and a redelivery is queued again only if it carries the
/// content first recorded under its id, and this process did not queue it itself (<see cref="RecentlyQueuedEvents"/>). That
/// one may be the retry of a delivery recorded but never queued (a process died between the two, or the queue failed and
/// it was answered 503, not 202), so queueing it again is what keeps the event, and applying an event twice changes
/// nothing (the conversation's dedupe marker). A redelivery with other content (the id reused for another order) is
/// never queued: applied, it would write where the original's marker is not.
/// </summary>
internal sealed class WebhookIntake(WebhookEventLog eventLog, QueueServiceClient queues, StorageNames names, TimeProvider time)
{
    /// <summary>
    /// Raw bytes of one queue message's events. Queue messages are at most 64 KiB once base64-encoded (4/3 larger), and one
    /// event is at most <see cref="MessagingOptions.MaxWebhookBytes"/> (32 KiB by default), so one always fits alone.
    /// </summary>
    internal const int MaxQueuedBytes = 46 * 1024;

    private readonly RecentlyQueuedEvents _queued = new();
    private readonly Lock _gate = new();
    private List<Delivery> _waiting = [];
    private bool _flushing;

    /// <summary>Records the event as accepted and queues it; false if it was accepted before (a redelivery).</summary>
    public Task<bool> AcceptAsync(QueuedMarketplaceEvent queued, string eventId, string eventType, CancellationToken cancellationToken)
    {
        var delivery = new Delivery(
            queued, eventId, eventType, JsonSerializer.Serialize(queued, MessagingJsonContext.Default.QueuedMarketplaceEvent), ContentHashOf(eventType, queued.Envelope));
        bool startFlushing;
        lock (_gate)
        {
            _waiting.Add(delivery);
            startFlushing = !_flushing;
            _flushing = true;
        }

        if (startFlushing)
        {
            _ = Task.Run(FlushWhileWaitingAsync, CancellationToken.None);
        }

        // A caller that gives up still has its event queued (or not) with the others: a redelivery then finds it.
        return delivery.Outcome.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushWhileWaitingAsync()
    {
        while (true)
        {
            List<Delivery> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                (batch, _waiting) = (_waiting, []);
            }

            try
            {
                await FlushAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Each waiting request fails as its own write would have (503 with Retry-After for storage): the sender retries.
                foreach (var delivery in batch)
                {
                    delivery.Outcome.TrySetException(ex);
                }
            }
        }
    }

    private async Task FlushAsync(List<Delivery> batch)
    {
        // The same event twice in one flush is queued once; the other copies are redeliveries.
        var fresh = new List<Delivery>(batch.Count);
        var inFlush = new HashSet<(string, string)>();
        foreach (var delivery in batch)
        {
            if (inFlush.Add((delivery.Queued.Marketplace, delivery.EventId)))
            {
                fresh.Add(delivery);
            }
            else
            {
                delivery.Outcome.TrySetResult(false);
            }
        }

        var recordedBefore = new Dictionary<Delivery, string?>();
        var at = time.GetUtcNow();
        foreach (var group in fresh.GroupBy(d => d.Queued.Marketplace, StringComparer.Ordinal))
        {
            var before = await eventLog.RecordNewAsync(group.Key, [.. group.Select(d => (d.EventId, d.EventType, d.ContentHash))], at, CancellationToken.None)
                .ConfigureAwait(false);
            foreach (var delivery in group)
            {
                if (before.TryGetValue(delivery.EventId, out var hash))
                {
                    recordedBefore[delivery] = hash;
                }
            }
        }

        var queue = queues.GetQueueClient(names.MarketplaceEventsQueue);
        var toQueue = fresh.Where(d => !recordedBefore.TryGetValue(d, out var hash)
            || (hash == d.ContentHash && !_queued.Contains(d.Queued.Marketplace, d.EventId))).ToList();
        foreach (var (text, deliveries) in QueueMessages(toQueue))
        {
            await queue.SendMessageAsync(text, CancellationToken.None).ConfigureAwait(false);
            _queued.Add(deliveries.Select(d => (d.Queued.Marketplace, d.EventId)));
        }

        foreach (var delivery in fresh)
        {
            delivery.Outcome.TrySetResult(!recordedBefore.ContainsKey(delivery));
        }
    }

    /// <summary>
    /// The queue messages carrying <paramref name="deliveries"/>: one alone as a <see cref="QueuedMarketplaceEvent"/> (the
    /// format every earlier version queued), several as a <see cref="QueuedMarketplaceEvents"/> list, up to
    /// <see cref="MaxQueuedBytes"/> each.
    /// </summary>
    private static IEnumerable<(string Text, List<Delivery> Deliveries)> QueueMessages(List<Delivery> deliveries)
    {
        var chunk = new List<Delivery>();
        var bytes = 0;
        foreach (var delivery in deliveries)
        {
            var size = Encoding.UTF8.GetByteCount(delivery.Json) + 1;
            if (chunk.Count > 0 && bytes + size > MaxQueuedBytes)
            {
                yield return (QueuedMarketplaceEvents.Wrap([.. chunk.Select(d => d.Json)]), chunk);
                (chunk, bytes) = ([], 0);
            }

            chunk.Add(delivery);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return (QueuedMarketplaceEvents.Wrap([.. chunk.Select(d => d.Json)]), chunk);
        }
    }

    /// <summary>
    /// A hash of what the event does: its type and data, written without whitespace. Not its envelope's <c>occurredAt</c>,
    /// which a marketplace may stamp anew when it sends the same event again.
    /// </summary>
    private static string ContentHashOf(string eventType, JsonElement envelope)
    {
        var data = envelope.TryGetProperty("data", out var value) ? JsonSerializer.SerializeToUtf8Bytes(value, MessagingJsonContext.Default.JsonElement) : [];
        return Convert.ToBase64String(SHA256.HashData([.. Encoding.UTF8.GetBytes(eventType + "\n"), .. data]));
    }

    private sealed record Delivery(QueuedMarketplaceEvent Queued, string EventId, string EventType, string Json, string ContentHash)
    {
        public TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
