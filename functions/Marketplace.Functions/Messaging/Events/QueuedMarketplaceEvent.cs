using System.Text.Json;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>What the webhook intake puts on the marketplace-events queue: the envelope exactly as posted.</summary>
public sealed record QueuedMarketplaceEvent(string Marketplace, DateTimeOffset ReceivedAt, JsonElement Envelope);

/// <summary>
/// Several accepted events in one queue message (<c>{"events":[…]}</c>), as the intake's group commit queues them; a
/// message holding one event is a plain <see cref="QueuedMarketplaceEvent"/>, as before.
/// </summary>
public sealed record QueuedMarketplaceEvents(IReadOnlyList<QueuedMarketplaceEvent> Events)
{
    /// <summary>One serialized event as it is, several as a list (each already serialized).</summary>
    public static string Wrap(IReadOnlyList<string> serializedEvents)
    {
        ArgumentNullException.ThrowIfNull(serializedEvents);
        return serializedEvents.Count == 1 ? serializedEvents[0] : $$"""{"events":[{{string.Join(",", serializedEvents)}}]}""";
    }

    /// <summary>The events of a queue message in either form.</summary>
    public static IReadOnlyList<QueuedMarketplaceEvent> Read(string message)
    {
        using var document = JsonDocument.Parse(message);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("events", out _))
        {
            return document.RootElement.Deserialize(MessagingJsonContext.Default.QueuedMarketplaceEvents)?.Events
                ?? throw new InvalidOperationException("The queue message's event list is empty.");
        }

        return [document.RootElement.Deserialize(MessagingJsonContext.Default.QueuedMarketplaceEvent)
            ?? throw new InvalidOperationException("The queue message is empty.")];
    }
}
