using Marketplace.Storage.Outbox;

namespace Marketplace.Functions.EventsOut;

/// <summary>PUT /api/marketplace/events-webhook: where to send our events and the secret to sign them with.</summary>
public sealed record EventsWebhookRequest(string? Url, string? Secret);

/// <summary>A marketplace's subscription (the secret is never shown again).</summary>
public sealed record EventsWebhookView(string Url, DateTimeOffset Since);

/// <summary>POST /api/admin/event-deliveries/replay. Without a position, delivery resumes where it stopped.</summary>
/// <param name="AfterPosition">Send again every event after this position (a delivery's <c>deliveredThrough</c>, or an event id's last part).</param>
/// <param name="FromStart">Send again the whole stream.</param>
public sealed record ReplayRequest(string? Marketplace, string? Stream, string? AfterPosition, bool? FromStart);

/// <summary>One stream's delivery to its marketplace.</summary>
public sealed record EventDeliveryView(
    string Marketplace, string Stream, string? DeliveredThrough, long DeliveredCount, string Status, int FailedAttempts, string? LastError,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt)
{
    public static EventDeliveryView From(EventDeliveryState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var status = state.DeadLettered ? "dead_lettered" : state.Attempts > 0 ? "retrying" : "healthy";
        return new EventDeliveryView(state.Marketplace, state.Stream, state.DeliveredThrough, state.DeliveredCount, status, state.Attempts,
            state.LastError, state.LastAttemptAt, state.NextAttemptAt);
    }
}

public sealed record EventDeliveryPage(IReadOnlyList<EventDeliveryView> Items, string? NextCursor);
