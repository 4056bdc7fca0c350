using System.Text.Json;
using Marketplace.Domain.Events;
using Marketplace.Functions.Hosting;
using Marketplace.Storage;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>The queue function that applies each accepted webhook event.</summary>
internal sealed class ApplyMarketplaceEventFunction(StorageNames names, MarketplaceEventApplier applier) : IQueueFunction
{
    public string Name => "ApplyMarketplaceEvent";

    public string QueueName => names.MarketplaceEventsQueue;

    public async Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        var queued = JsonSerializer.Deserialize(invocation.MessageText, MessagingJsonContext.Default.QueuedMarketplaceEvent)
            ?? throw new InvalidOperationException("The queue message is empty.");
        var parsed = MarketplaceEventParser.Parse(queued.Marketplace, JsonSerializer.SerializeToUtf8Bytes(queued.Envelope));
        if (!parsed.IsValid)
        {
            // The intake validated it with the same parser, so this is a message from elsewhere or an old version.
            throw new InvalidOperationException(
                $"The queued event is invalid: {string.Join("; ", parsed.Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value)))}");
        }

        await applier.ApplyAsync(parsed.Event!, cancellationToken).ConfigureAwait(false);
    }
}
