using System.Text.Json;
using Marketplace.Functions.Hosting;
using Marketplace.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.EventsOut;

/// <summary>The queue function behind <see cref="MarketplaceEventOutbox"/>: delivers one stream's pending events.</summary>
internal sealed class DeliverEventsFunction(QueueFunctionInvoker invoker, EventDispatcher dispatcher)
{
    public const string Name = "DeliverMarketplaceEvents";

    [Function(Name)]
    public Task RunAsync(
        [QueueTrigger(StorageNames.EventDeliveriesQueueName, Connection = "AzureWebJobsStorage")] string message,
        string id, long dequeueCount, DateTimeOffset? insertionTime, CancellationToken cancellationToken) =>
        invoker.RunAsync(Name, StorageNames.EventDeliveriesQueueName, new QueueInvocation(id, message, dequeueCount, insertionTime),
            ct => dispatcher.DeliverAsync(
                JsonSerializer.Deserialize(message, EventsOutJsonContext.Default.EventKick) ?? throw new InvalidOperationException("The queue message is empty."),
                ct),
            cancellationToken);
}
