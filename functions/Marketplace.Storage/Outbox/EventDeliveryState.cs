using Azure;

namespace Marketplace.Storage.Outbox;

/// <summary>
/// How far one event stream (a conversation's or a claim's events) has been delivered to its marketplace, and how its
/// current delivery is failing. Saved under its ETag, so two deliverers of one stream never both move it on.
/// </summary>
public sealed record EventDeliveryState(string Marketplace, string Stream)
{
    /// <summary>The position of the last event the marketplace accepted; null before the first.</summary>
    public string? DeliveredThrough { get; init; }

    public long DeliveredCount { get; init; }

    /// <summary>Failed attempts at the event after <see cref="DeliveredThrough"/>; 0 when delivery is healthy.</summary>
    public int Attempts { get; init; }

    /// <summary>What the last failed attempt got (a status code or a connection error), never a response body.</summary>
    public string? LastError { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>When the next retry is due; kicks before then leave the retry to its own schedule.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Retries ran out: the stream waits (in order) for an admin's replay.</summary>
    public bool DeadLettered { get; init; }

    public ETag ETag { get; init; }
}
