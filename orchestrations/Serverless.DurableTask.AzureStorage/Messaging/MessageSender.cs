using System.Text.Json;
using Azure.Data.Tables;
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
/// Messages due beyond the parking horizon wait in the timers table instead (see <see cref="TimerParking"/>).
/// </remarks>
internal sealed class MessageSender
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);
    private readonly PayloadStore _payloads;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;

    public MessageSender(
        IReadOnlyList<QueueClient> controlQueues,
        QueueClient workItemQueue,
        PayloadStore payloads,
        TableClient timersTable,
        AzureStorageOrchestrationOptions options,
        TimeProvider time)
    {
        ControlQueues = controlQueues;
        WorkItemQueue = workItemQueue;
        _payloads = payloads;
        _maxDelay = options.MaxQueueVisibilityDelay;
        _time = time;
        Parking = new TimerParking(timersTable, payloads, controlQueues, workItemQueue, SendTextAsync, options.TimerParkingHorizon, time);
    }

    public IReadOnlyList<QueueClient> ControlQueues { get; }

    public QueueClient WorkItemQueue { get; }

    public TimerParking Parking { get; }

    public QueueClient QueueFor(OrchestrationMessage message)
        => message.IsActivityMessage ? WorkItemQueue : ControlQueues[PartitionHash.Partition(message.InstanceId, ControlQueues.Count)];

    public async Task SendAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        string json = JsonSerializer.Serialize(message with { Receipt = null, DequeueCount = 0 }, DurableTaskJsonContext.Default.OrchestrationMessage);
        string text = await _payloads.ToQueueTextAsync(json, message.InstanceId, cancellationToken).ConfigureAwait(false);
        if (Parking.ShouldPark(message.VisibleAt))
        {
            await Parking.ParkAsync(QueueFor(message), message.MessageId, message.InstanceId, text, message.VisibleAt!.Value, cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendTextAsync(QueueFor(message), text, message.VisibleAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends already encoded text (used to re-enqueue a timer hop without re-uploading its blob).</summary>
    public async Task SendTextAsync(QueueClient queue, string text, DateTimeOffset? visibleAt, CancellationToken cancellationToken)
    {
        TimeSpan? delay = null;
        if (visibleAt is { } at)
        {
            TimeSpan remaining = at - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                // Queues count visibility in whole seconds (truncated): the message may surface up to 1 s early and the
                // receiver holds it in memory until it is due, which is more precise than rounding up.
                delay = remaining > _maxDelay ? _maxDelay : remaining;
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
        string json = await _payloads.FromQueueTextAsync(text, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(json, DurableTaskJsonContext.Default.OrchestrationMessage)
            ?? throw new InvalidOperationException("The queue message body is empty.");
    }
}
