using System.Text.Json;
using Azure.Storage.Queues;
using Marketplace.Domain.Events;
using Marketplace.Functions.Hosting;
using Marketplace.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>
/// The queue function that applies accepted webhook events: one per message, or several when the intake's group commit
/// queued them together (<see cref="QueuedMarketplaceEvents"/>).
/// </summary>
internal sealed class ApplyMarketplaceEventFunction(
    QueueFunctionInvoker invoker, MarketplaceEventApplier applier, QueueServiceClient queues, StorageNames names,
    ILogger<ApplyMarketplaceEventFunction> logger)
{
    public const string Name = "ApplyMarketplaceEvent";

    [Function(Name)]
    public Task RunAsync(
        [QueueTrigger(StorageNames.MarketplaceEventsQueueName, Connection = "AzureWebJobsStorage")] string message,
        string id, long dequeueCount, DateTimeOffset? insertionTime, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        invoker.RunAsync(Name, StorageNames.MarketplaceEventsQueueName, new QueueInvocation(id, message, dequeueCount, insertionTime),
            ct => ApplyAsync(message, durable, ct), cancellationToken);

    private async Task ApplyAsync(string message, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var events = QueuedMarketplaceEvents.Read(message);
        if (events.Count == 1)
        {
            // Alone, a failure is the message's: the host retries it and, in the end, moves it to the poison queue.
            await applier.ApplyAsync(durable, Parse(events[0]), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Events about one order (or thread) are applied in the order they arrived, other orders' alongside, so their writes
        // overlap. One that fails is queued again on its own (with its own retries and poison reason) instead of failing the
        // others: those are done, and a redelivery of this message would find them applied.
        var orders = events.Select(queued => (Queued: queued, Event: Parse(queued))).GroupBy(e => OrderingKey(e.Event), StringComparer.Ordinal);
        await Task.WhenAll(orders.Select(async order =>
        {
            foreach (var (queued, marketplaceEvent) in order)
            {
                try
                {
                    await applier.ApplyAsync(durable, marketplaceEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    MessagingLog.BatchedEventRequeued(logger, ex, marketplaceEvent.Marketplace, marketplaceEvent.EventId, ex.GetType().Name);
                    await queues.GetQueueClient(names.MarketplaceEventsQueue).SendMessageAsync(
                        JsonSerializer.Serialize(queued, MessagingJsonContext.Default.QueuedMarketplaceEvent), cancellationToken).ConfigureAwait(false);
                }
            }
        })).ConfigureAwait(false);
    }

    private static MarketplaceEvent Parse(QueuedMarketplaceEvent queued)
    {
        var parsed = MarketplaceEventParser.Parse(queued.Marketplace, queued.Envelope);
        if (!parsed.IsValid)
        {
            // The intake validated it with the same parser, so this is a message from elsewhere or an old version.
            throw new InvalidOperationException(
                $"The queued event is invalid: {string.Join("; ", parsed.Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value)))}");
        }

        return parsed.Event!;
    }

    /// <summary>Events with the same key change the same conversations, so they keep their order.</summary>
    private static string OrderingKey(MarketplaceEvent e) => e switch
    {
        OrderCreated x => $"{x.Marketplace}~o~{x.OrderId}",
        OrderStatusChanged x => $"{x.Marketplace}~o~{x.OrderId}",
        MessageReceived x => $"{x.Marketplace}~o~{x.OrderId}",
        ClaimOpened x => $"{x.Marketplace}~o~{x.OrderId}",
        QuestionAsked x => $"{x.Marketplace}~q~{x.ListingId}~{x.BuyerId}",
        ReturnDelivered x => $"{x.Marketplace}~c~{x.ClaimId}",
        _ => $"{e.Marketplace}~e~{e.EventId}",
    };
}
