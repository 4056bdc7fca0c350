using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Storage;

namespace Marketplace.Functions.Messaging.Webhooks;

/// <summary>
/// Group commit for the webhook intake. Every delivery must be durably queued and recorded before it is answered 202,
/// and doing that per delivery (a read, a queue message and an insert each) is what limited intake to a small fraction of
/// what storage can take. So deliveries arriving while a flush is under way wait for the next one, which handles them all:
/// one queue message per <see cref="MaxQueuedBytes"/> of events, then one transaction per marketplace recording them,
/// whose inserts also tell the redeliveries (events recorded before) without a read per event. Under light load a flush
/// holds one delivery; under load deliveries share the queue message and the transaction.
/// The order is the single delivery's: queue first, record after, so a crash between the two queues an event twice (the
/// conversation's dedupe marker absorbs it) and never loses one. A redelivery is therefore queued before it is known as
/// one; a queue message holding only redeliveries is deleted again, and one mixed with new events is applied whole, its
/// redeliveries changing nothing.
/// </summary>
internal sealed class WebhookIntake(WebhookEventLog eventLog, QueueServiceClient queues, StorageNames names, TimeProvider time)
{
    /// <summary>
    /// Raw bytes of one queue message's events. Queue messages are at most 64 KiB once base64-encoded (4/3 larger), and one
    /// event is at most <see cref="MessagingOptions.MaxWebhookBytes"/> (32 KiB by default), so one always fits alone.
    /// </summary>
    internal const int MaxQueuedBytes = 46 * 1024;

    private readonly Lock _gate = new();
    private List<Delivery> _waiting = [];
    private bool _flushing;

    /// <summary>Queues the event and records it as accepted; false if it was accepted before (a redelivery).</summary>
    public Task<bool> AcceptAsync(QueuedMarketplaceEvent queued, string eventId, string eventType, CancellationToken cancellationToken)
    {
        var delivery = new Delivery(queued, eventId, eventType, JsonSerializer.Serialize(queued, MessagingJsonContext.Default.QueuedMarketplaceEvent));
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

        var queue = queues.GetQueueClient(names.MarketplaceEventsQueue);
        var sent = new List<(SendReceipt Receipt, List<Delivery> Deliveries)>();
        foreach (var (text, deliveries) in QueueMessages(fresh))
        {
            sent.Add((await queue.SendMessageAsync(text, CancellationToken.None).ConfigureAwait(false), deliveries));
        }

        var at = time.GetUtcNow();
        var recordedBefore = new HashSet<Delivery>();
        foreach (var group in fresh.GroupBy(d => d.Queued.Marketplace, StringComparer.Ordinal))
        {
            var before = await eventLog.RecordNewAsync(group.Key, [.. group.Select(d => (d.EventId, d.EventType))], at, CancellationToken.None)
                .ConfigureAwait(false);
            recordedBefore.UnionWith(group.Where(d => before.Contains(d.EventId)));
        }

        await WithdrawRedeliveriesAsync(queue, sent.Where(s => s.Deliveries.All(recordedBefore.Contains)).Select(s => s.Receipt)).ConfigureAwait(false);
        foreach (var delivery in fresh)
        {
            delivery.Outcome.TrySetResult(!recordedBefore.Contains(delivery));
        }
    }

    /// <summary>
    /// Deletes queue messages that turned out to hold only redeliveries (a marketplace retrying a batch it already sent),
    /// so they are not applied again. Best effort: a message the queue function has already taken (or a failed delete)
    /// is applied and changes nothing, as every event's application is idempotent.
    /// </summary>
    private static async Task WithdrawRedeliveriesAsync(QueueClient queue, IEnumerable<SendReceipt> receipts)
    {
        foreach (var receipt in receipts)
        {
            try
            {
                await queue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Taken by the queue function already (its pop receipt replaced ours), or storage failed: applied, harmlessly.
            }
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

    private sealed record Delivery(QueuedMarketplaceEvent Queued, string EventId, string EventType, string Json)
    {
        public TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
