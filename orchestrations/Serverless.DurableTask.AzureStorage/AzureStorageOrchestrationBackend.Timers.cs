using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.DurableTask.AzureStorage.Messaging;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// Wake-ups of parked timers (see <see cref="TimerParking"/>): hop until due, then fire the bucket. With local dispatch
/// the bucket's messages are fired in memory (no queue round trip per timer) and their rows deleted by the steps that
/// consume them; otherwise (custom-handler style) they are moved into their queues.
/// </summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private static readonly TimeSpan WakeUpRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Moves every parked message of buckets up to <paramref name="upTo"/> into its queue now (operations and tests).</summary>
    public Task<int> MoveParkedTimersAsync(DateTimeOffset upTo, CancellationToken cancellationToken)
        => _sender.Parking.MoveDueAsync(TimerParking.BucketOf(upTo), cancellationToken);

    /// <summary>Self-hosted receive: a wake-up that is not yet due hops again; a due one fires its bucket in the background.</summary>
    private async Task<bool> TryHandleWakeUpAsync(QueueClient queue, QueueMessage raw, string text, CancellationToken cancellationToken)
    {
        if (!TimerParking.IsWakeUp(text, out string bucket, out DateTimeOffset wakeAt))
        {
            return false;
        }

        var receipt = new QueueReceipt(queue, raw.MessageId, raw.PopReceipt);
        if (await HopIfEarlyAsync(queue, text, wakeAt, cancellationToken).ConfigureAwait(false))
        {
            await DeleteReceiptAsync(receipt, cancellationToken).ConfigureAwait(false);
            return true;
        }

        // The move can take a while (a busy minute holds thousands of timers): never stall the receive loop on it.
        _ = Task.Run(async () =>
        {
            try
            {
                int fired = _options.LocalDispatch
                    ? await FireParkedLocallyAsync(bucket, CancellationToken.None).ConfigureAwait(false)
                    : await _sender.Parking.MoveDueAsync(bucket, CancellationToken.None).ConfigureAwait(false);
                Log.TimersMoved(_logger, fired, bucket);
                await DeleteReceiptAsync(receipt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or HttpRequestException)
            {
                // The wake-up stays in the queue and comes back: the bucket's rows are still there.
                Log.WakeUpFailed(_logger, ex, bucket);
                await ReleaseReceiptAsync(receipt, WakeUpRetryDelay).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return true;
    }

    /// <summary>Custom-handler style: the host owns the delivery; a failure throws so the host retries it.</summary>
    private async Task<bool> TryHandleExternalWakeUpAsync(QueueClient queue, string text, CancellationToken cancellationToken)
    {
        if (!TimerParking.IsWakeUp(text, out string bucket, out DateTimeOffset wakeAt))
        {
            return false;
        }

        if (!await HopIfEarlyAsync(queue, text, wakeAt, cancellationToken).ConfigureAwait(false))
        {
            int moved = await _sender.Parking.MoveDueAsync(bucket, cancellationToken).ConfigureAwait(false);
            Log.TimersMoved(_logger, moved, bucket);
        }

        return true;
    }

    /// <summary>
    /// Fires the parked control messages of the bucket (and earlier ones) in this process, each at its due time; their
    /// rows stay as their durable copy until the consuming step commits. A re-check of the bucket is queued first, due
    /// after the control-queue lock time: if this process dies before those steps commit, the re-check fires what is
    /// left, as an expired queue lock would redeliver a message.
    /// </summary>
    private async Task<int> FireParkedLocallyAsync(string bucket, CancellationToken cancellationToken)
    {
        var due = await _sender.Parking.ReadDueAsync(bucket, cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }

        await _sender.Parking.SendRecheckAsync(bucket, _options.ControlQueueVisibilityTimeout, cancellationToken).ConfigureAwait(false);
        await _sender.Parking.MoveAsync([.. due.Where(m => m.Queue == _sender.WorkItemQueue)], cancellationToken).ConfigureAwait(false);
        foreach (var parked in due.Where(m => m.Queue != _sender.WorkItemQueue))
        {
            OrchestrationMessage message = await _sender.DecodeAsync(parked.Text, cancellationToken).ConfigureAwait(false);
            message = message with { Receipt = parked.Receipt, DequeueCount = 1 };
            TimeSpan early = (message.VisibleAt ?? DateTimeOffset.MinValue) - _time.GetUtcNow();
            if (early > TimeSpan.Zero)
            {
                _ = HoldUntilDueAsync(_control, message, early);
            }
            else
            {
                _control.Add(message);
            }
        }

        return due.Count;
    }

    private async Task<bool> HopIfEarlyAsync(QueueClient queue, string text, DateTimeOffset wakeAt, CancellationToken cancellationToken)
    {
        // Moving a little early is harmless (each message keeps its own delay), so there is no hold: only hops.
        if (wakeAt - _time.GetUtcNow() <= HoldWindow)
        {
            _deferred.TryRemove(text, out _);
            return false;
        }

        await _sender.SendTextAsync(queue, text, wakeAt, cancellationToken).ConfigureAwait(false);
        TrackDeferred(text, wakeAt);
        return true;
    }

    /// <summary>Remembers a re-enqueued message's due time (bounded; tests drive virtual time with it).</summary>
    private void TrackDeferred(string key, DateTimeOffset due)
    {
        if (_deferred.Count < MaxTrackedDeferred)
        {
            _deferred[key] = due;
        }
    }

    private static async Task DeleteReceiptAsync(QueueReceipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            await receipt.Queue.DeleteMessageAsync(receipt.QueueMessageId, receipt.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            // The lock expired and someone else received it (pop receipt mismatch), or it is already gone.
        }
    }

    private static async Task ReleaseReceiptAsync(QueueReceipt receipt, TimeSpan delay)
    {
        try
        {
            await receipt.Queue.UpdateMessageAsync(receipt.QueueMessageId, receipt.PopReceipt, visibilityTimeout: delay, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            // Lost lock: the message is already visible again or delivered elsewhere.
        }
    }
}
