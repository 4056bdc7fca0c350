namespace Marketplace.Functions.Messaging.Webhooks;

/// <summary>The answer to an accepted webhook: "accepted" (queued now) or "duplicate" (queued before).</summary>
public sealed record WebhookAccepted(string EventId, string Status);
