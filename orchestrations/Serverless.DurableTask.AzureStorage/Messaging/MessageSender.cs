using System.Text.Json;
using Azure.Storage.Queues;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.Serialization;

namespace Serverless.DurableTask.AzureStorage.Messaging;

/// <summary>Routes and sends messages: activity messages to the work-item queue, the rest to the instance's control queue.</summary>
/// <remarks>
/// Delays beyond <see cref="AzureStorageOrchestrationOptions.MaxQueueVisibilityDelay"/> are sent with the maximum delay;
/// the message carries its real <see cref="OrchestrationMessage.VisibleAt"/>, so the receiver re-enqueues it for the next hop.
/// Messages never expire (time-to-live -1): a 7-day timer must not be dropped by the queue's default TTL.
/// </remarks>
internal sealed class MessageSender(
    IReadOnlyList<QueueClient> controlQueues,
    QueueClient workItemQueue,
    PayloadStore payloads,
    TimeSpan maxDelay,
    TimeProvider time)
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public IReadOnlyList<QueueClient> ControlQueues { get; } = controlQueues;

    public QueueClient WorkItemQueue { get; } = workItemQueue;

    public QueueClient QueueFor(OrchestrationMessage message)
        => message.IsActivityMessage ? WorkItemQueue : ControlQueues[PartitionHash.Partition(message.InstanceId, ControlQueues.Count)];

    public async Task SendAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        string json = JsonSerializer.Serialize(message with { Receipt = null, DequeueCount = 0 }, DurableTaskJsonContext.Default.OrchestrationMessage);
        string text = await payloads.ToQueueTextAsync(json, message.InstanceId, cancellationToken).ConfigureAwait(false);
        await SendTextAsync(QueueFor(message), text, message.VisibleAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends already encoded text (used to re-enqueue a timer hop without re-uploading its blob).</summary>
    public async Task SendTextAsync(QueueClient queue, string text, DateTimeOffset? visibleAt, CancellationToken cancellationToken)
    {
        TimeSpan? delay = null;
        if (visibleAt is { } at)
        {
            TimeSpan remaining = at - time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                // Queues count visibility in whole seconds (truncated): the message may surface up to 1 s early and the
                // receiver holds it in memory until it is due, which is more precise than rounding up.
                delay = remaining > maxDelay ? maxDelay : remaining;
            }
        }

        await queue.SendMessageAsync(text, delay, NeverExpires, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAllAsync(IReadOnlyList<OrchestrationMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 1)
        {
            await SendAsync(messages[0], cancellationToken).ConfigureAwait(false);
            return;
        }

        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (m, ct) => await SendAsync(m, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task<OrchestrationMessage> DecodeAsync(string text, CancellationToken cancellationToken)
    {
        string json = await payloads.FromQueueTextAsync(text, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(json, DurableTaskJsonContext.Default.OrchestrationMessage)
            ?? throw new InvalidOperationException("The queue message body is empty.");
    }
}
