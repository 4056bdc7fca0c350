using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage.Messaging;

/// <summary>
/// Batch-receives from a set of queues and hands out messages grouped by a key (the instance id for control
/// queues, the message itself for activities), one group at a time per key.
/// </summary>
/// <remarks>
/// Messages for a key that is being processed wait in memory (still invisible in the queue) until the key is
/// released, so an instance never has two work items in this process and nothing is received twice needlessly.
/// Only one caller polls at a time; idle polling backs off to <c>maxPollingInterval</c>.
/// </remarks>
internal sealed class ReceiveBuffer
{
    private const int MaxBuffered = 10_000;
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(10);

    private readonly object _gate = new();
    private readonly IReadOnlyList<QueueClient> _queues;
    private readonly Func<QueueClient, QueueMessage, CancellationToken, Task<OrchestrationMessage?>> _decode;
    private readonly Func<OrchestrationMessage, string> _keyOf;
    private readonly int _batchSize;
    private readonly TimeSpan _visibilityTimeout;
    private readonly TimeSpan _maxPollingInterval;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<OrchestrationMessage>> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);
    private readonly Queue<string> _ready = new();
    private readonly HashSet<string> _readySet = new(StringComparer.Ordinal);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan[] _backoff;
    private readonly DateTimeOffset[] _nextPollAt;
    private int _buffered;
    private int _polling;
    private DateTimeOffset _lastPollAt = DateTimeOffset.MinValue;

    public ReceiveBuffer(
        IReadOnlyList<QueueClient> queues,
        Func<QueueClient, QueueMessage, CancellationToken, Task<OrchestrationMessage?>> decode,
        Func<OrchestrationMessage, string> keyOf,
        int batchSize,
        TimeSpan visibilityTimeout,
        TimeSpan maxPollingInterval,
        TimeProvider time)
    {
        _queues = queues;
        _decode = decode;
        _keyOf = keyOf;
        _batchSize = batchSize;
        _visibilityTimeout = visibilityTimeout;
        _maxPollingInterval = maxPollingInterval;
        _time = time;
        _backoff = new TimeSpan[queues.Count];
        _nextPollAt = new DateTimeOffset[queues.Count];
    }

    /// <summary>Number of messages received and not yet handed out.</summary>
    public int Buffered => Volatile.Read(ref _buffered);

    /// <summary>Takes every buffered message of one unlocked key and locks the key; waits up to <paramref name="timeout"/>.</summary>
    public async Task<(string Key, List<OrchestrationMessage> Messages)?> LockNextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTimeOffset deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task signal;
            DateTimeOffset nextPoll;
            DateTimeOffset now = _time.GetUtcNow();
            lock (_gate)
            {
                // Local hand-overs must not starve the queues: poll at least every MaxPollingInterval even when busy.
                bool pollFirst = now - _lastPollAt >= _maxPollingInterval && _nextPollAt.Min() <= now && _polling == 0 && _buffered < MaxBuffered;
                if (!pollFirst && TryTakeReady(out var taken))
                {
                    return taken;
                }

                signal = _signal.Task;
                nextPoll = _nextPollAt.Min();
            }

            if (now >= deadline)
            {
                return null;
            }

            if (now >= nextPoll && Buffered < MaxBuffered && Interlocked.CompareExchange(ref _polling, 1, 0) == 0)
            {
                try
                {
                    lock (_gate)
                    {
                        _lastPollAt = now;
                    }

                    await PollAsync(now, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref _polling, 0);
                }

                continue;
            }

            TimeSpan wait = Min(deadline - now, nextPoll > now ? nextPoll - now : TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(signal, Task.Delay(wait, _time, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Unlocks a key; its messages received meanwhile become available.</summary>
    public void Release(string key)
    {
        lock (_gate)
        {
            _locked.Remove(key);
            if (_pending.ContainsKey(key) && _readySet.Add(key))
            {
                _ready.Enqueue(key);
            }

            Signal();
        }
    }

    /// <summary>Adds a received (or held and now due) message.</summary>
    public void Add(OrchestrationMessage message)
    {
        string key = _keyOf(message);
        lock (_gate)
        {
            if (!_pending.TryGetValue(key, out var list))
            {
                list = [];
                _pending[key] = list;
            }

            // A message redelivered after its lock expired (same queue message id), or a parked message fired again by its
            // bucket's re-check (same row), replaces the stale delivery.
            int existing = message.Receipt switch
            {
                QueueReceipt receipt => list.FindIndex(m => m.Receipt is QueueReceipt r && r.QueueMessageId == receipt.QueueMessageId),
                ParkedReceipt parked => list.FindIndex(m => Equals(m.Receipt, parked)),
                _ => -1,
            };
            if (existing >= 0)
            {
                list[existing] = message;
            }
            else
            {
                list.Add(message);
                _buffered++;
            }

            if (!_locked.Contains(key) && _readySet.Add(key))
            {
                _ready.Enqueue(key);
            }

            Signal();
        }
    }

    /// <summary>Wakes waiting callers (e.g. when a held timer became due).</summary>
    public void Signal()
    {
        lock (_gate)
        {
            var previous = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }

    private bool TryTakeReady(out (string Key, List<OrchestrationMessage> Messages)? taken)
    {
        while (_ready.TryDequeue(out string? key))
        {
            _readySet.Remove(key);
            if (_locked.Contains(key) || !_pending.Remove(key, out var messages) || messages.Count == 0)
            {
                continue;
            }

            _locked.Add(key);
            _buffered -= messages.Count;
            taken = (key, messages);
            return true;
        }

        taken = null;
        return false;
    }

    /// <summary>Receives from every queue that is due; each queue backs off on its own while it stays empty.</summary>
    private async Task PollAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Enumerable.Range(0, _queues.Count).Where(i => _nextPollAt[i] <= now).ToList();
        Exception? failure = null;
        var batches = await Task.WhenAll(due.Select(async i =>
        {
            try
            {
                var response = await _queues[i].ReceiveMessagesAsync(_batchSize, _visibilityTimeout, cancellationToken).ConfigureAwait(false);
                return (Index: i, Messages: response.Value);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Storage unavailable: back this queue off as if empty; what the other queues returned is still kept.
                failure = ex;
                return (Index: i, Messages: Array.Empty<QueueMessage>());
            }
        })).ConfigureAwait(false);

        foreach (var (index, messages) in batches)
        {
            lock (_gate)
            {
                _backoff[index] = messages.Length > 0 ? TimeSpan.Zero : Next(_backoff[index]);
                _nextPollAt[index] = _time.GetUtcNow() + _backoff[index];
            }

            foreach (QueueMessage raw in messages)
            {
                OrchestrationMessage? message = await _decode(_queues[index], raw, cancellationToken).ConfigureAwait(false);
                if (message is not null)
                {
                    Add(message);
                }
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private TimeSpan Next(TimeSpan backoff)
    {
        TimeSpan next = backoff < MinPollingInterval ? MinPollingInterval : backoff * 2;
        return next > _maxPollingInterval ? _maxPollingInterval : next;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
