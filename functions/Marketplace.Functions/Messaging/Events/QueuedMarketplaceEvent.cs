using System.Text.Json;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>What the webhook intake puts on the marketplace-events queue: the envelope exactly as posted.</summary>
public sealed record QueuedMarketplaceEvent(string Marketplace, DateTimeOffset ReceivedAt, JsonElement Envelope);
