namespace Marketplace.Functions.Hosting;

/// <summary>
/// A queue-triggered function, declared once: the Functions host invokes it through the custom-handler
/// route POST /{Name}; self-hosted, the queue poller invokes it. Throwing fails the invocation, so the
/// message is retried and, after the host's maxDequeueCount, moved to "{QueueName}-poison".
/// </summary>
public interface IQueueFunction
{
    /// <summary>The function's name: its folder, its function.json and its custom-handler route.</summary>
    string Name { get; }

    /// <summary>The storage queue that triggers it.</summary>
    string QueueName { get; }

    /// <summary>
    /// Whether the self-hosted poller drains this queue. False for queues whose owner polls them itself when
    /// self-hosted (the durable runtime batches and hands work over in memory); the Functions host still
    /// triggers them in Azure.
    /// </summary>
    bool SelfHostedPolling => true;

    Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>One delivery of a queue message, as either invocation style sees it.</summary>
/// <param name="MessageText">The message body as text (the host hands it over already decoded).</param>
/// <param name="DequeueCount">How many times this message has been delivered, this time included.</param>
public sealed record QueueInvocation(string MessageId, string MessageText, long DequeueCount, DateTimeOffset? InsertedOn);
