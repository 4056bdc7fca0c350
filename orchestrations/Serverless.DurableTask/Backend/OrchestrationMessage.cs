using System.Text.Json.Serialization;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Backend;

/// <summary>A message carrying one history event to an orchestration instance (control message) or to the activity queue.</summary>
/// <remarks>
/// <para>Routing rule: a message whose <see cref="Event"/> is a <see cref="TaskScheduledEvent"/> is an
/// activity work message (activity queue); every other message is a control message for
/// <see cref="InstanceId"/> (the control queue/partition chosen by a stable hash of the instance id).</para>
/// <para><see cref="MessageId"/> is unique and stable across redeliveries: the engine derives it
/// deterministically for everything it sends, so a re-sent outbox produces the same ids and the
/// receiving engine drops the duplicate. Backends must preserve it byte for byte.</para>
/// <para>Only <see cref="MessageId"/>, <see cref="InstanceId"/>, <see cref="ExecutionId"/>,
/// <see cref="Event"/> and <see cref="VisibleAt"/> are the persisted body (JSON through
/// <c>DurableTaskJsonContext</c>). <see cref="DequeueCount"/> and <see cref="Receipt"/> are filled by the
/// backend when it receives the message.</para>
/// </remarks>
public sealed record OrchestrationMessage
{
    /// <summary>Unique, stable id of the message (the deduplication key).</summary>
    public required string MessageId { get; init; }

    /// <summary>The orchestration instance the message is for (for activity messages: the instance that scheduled it).</summary>
    public required string InstanceId { get; init; }

    /// <summary>The execution the message is for; null means "whatever execution is current" (client events).</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The history event the message carries.</summary>
    public required HistoryEvent Event { get; init; }

    /// <summary>
    /// When the message may first be delivered (durable timers, scheduled starts, retry delays); null means now.
    /// The backend must not deliver it earlier. Delays beyond a queue's limit (7 days for Azure queues)
    /// must be chained by the backend (re-enqueued hop by hop) without the engine noticing.
    /// </summary>
    public DateTimeOffset? VisibleAt { get; init; }

    /// <summary>How many times this message has been received, including this time (1 on first delivery). Set by the backend on receive.</summary>
    [JsonIgnore]
    public long DequeueCount { get; init; }

    /// <summary>
    /// Opaque handle the backend sets on receive so it can later delete or release this exact delivery
    /// (for Azure queues: queue name, queue message id and pop receipt). Null for messages the engine
    /// creates and for messages handed over by the Functions host (the host owns those: do not delete them).
    /// </summary>
    [JsonIgnore]
    public object? Receipt { get; init; }

    /// <summary>True when this is an activity work message (its event is a <see cref="TaskScheduledEvent"/>).</summary>
    [JsonIgnore]
    public bool IsActivityMessage => Event is TaskScheduledEvent;
}
