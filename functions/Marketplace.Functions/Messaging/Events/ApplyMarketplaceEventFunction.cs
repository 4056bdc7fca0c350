using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Functions.Hosting;
using Marketplace.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>The queue function that applies each accepted webhook event.</summary>
internal sealed class ApplyMarketplaceEventFunction(QueueFunctionInvoker invoker, MarketplaceEventApplier applier)
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
        var queued = JsonSerializer.Deserialize(message, MessagingJsonContext.Default.QueuedMarketplaceEvent)
            ?? throw new InvalidOperationException("The queue message is empty.");
        var parsed = MarketplaceEventParser.Parse(queued.Marketplace, queued.Envelope);
        if (!parsed.IsValid)
        {
            // The intake validated it with the same parser, so this is a message from elsewhere or an old version.
            throw new InvalidOperationException(
                $"The queued event is invalid: {string.Join("; ", parsed.Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value)))}");
        }

        await applier.ApplyAsync(durable, parsed.Event!, cancellationToken).ConfigureAwait(false);
    }
}
