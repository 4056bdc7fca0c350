using System.Globalization;
using System.Text.Json;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Serialization;

namespace Serverless.DurableTask.InMemory;

/// <summary>A process-local backend with the same contract as the storage one (ETags, visibility times, dead letters), driven by an injected <see cref="TimeProvider"/>.</summary>
/// <remarks>Meant for tests in virtual time and for local runs; nothing survives the process.</remarks>
public sealed class InMemoryOrchestrationBackend : IOrchestrationBackend
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly List<StoredMessage> _control = [];
    private readonly List<StoredMessage> _activities = [];
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    // Instance id -> lock expiry; an expired lock (a worker that died mid-step) no longer blocks the instance.
    private readonly Dictionary<string, DateTimeOffset> _lockedInstances = new(StringComparer.Ordinal);
    private readonly List<DeadLetter> _deadLetters = [];
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long _etag;

    public InMemoryOrchestrationBackend(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>Test hook: runs inside Complete just before the ETag check (e.g. to simulate a competing writer or a crash).</summary>
    public Action<OrchestrationWorkItem>? BeforeCheckpoint { get; set; }

    /// <summary>Earliest time a queued message becomes visible (including locked ones whose lock expires), or null if no message is queued.</summary>
    public DateTimeOffset? NextVisibleAt
    {
        get
        {
            lock (_gate)
            {
                var all = _control.Concat(_activities).Select(m => m.VisibleAt).ToList();
                return all.Count == 0 ? null : all.Min();
            }
        }
    }

    /// <summary>Number of messages queued (control and activity), visible or not.</summary>
    public int PendingMessageCount
    {
        get
        {
            lock (_gate)
            {
                return _control.Count + _activities.Count;
            }
        }
    }

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deletes one received message, as the Functions host does after a successful custom-handler invocation (tests only).</summary>
    public void DeleteReceivedMessage(OrchestrationMessage received)
    {
        ArgumentNullException.ThrowIfNull(received);
        lock (_gate)
        {
            RemoveByReceipt(received.IsActivityMessage ? _activities : _control, received.Receipt);
            if (!received.IsActivityMessage)
            {
                _lockedInstances.Remove(received.InstanceId);
            }
        }
    }

    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        DateTimeOffset deadline = _time.GetUtcNow() + receiveTimeout;
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                DateTimeOffset now = _time.GetUtcNow();
                StoredMessage? first = Earliest(_control, now, m => !IsLocked(m.Message.InstanceId, now));
                if (first is not null)
                {
                    string instanceId = first.Message.InstanceId;

                    // The list is in enqueue (sequence) order, so the batch comes out in arrival order.
                    var batch = _control.Where(m => m.VisibleAt <= now && m.Message.InstanceId == instanceId).ToList();
                    var lease = new InstanceLease(instanceId, now + LockTimeout);
                    _lockedInstances[instanceId] = lease.Until;
                    var messages = batch.Select(m => Receive(m, now)).ToList();
                    _instances.TryGetValue(instanceId, out var record);
                    return new OrchestrationWorkItem
                    {
                        InstanceId = instanceId,
                        Messages = messages,
                        State = record?.State,
                        History = record?.CurrentHistory.ToList() ?? [],
                        ETag = record?.ETag,
                        BackendState = lease,
                    };
                }

                signal = _signal.Task;
            }

            if (!await WaitAsync(signal, deadline, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    public Task<OrchestrationWorkItem> LoadOrchestrationWorkItemAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _instances.TryGetValue(message.InstanceId, out var record);
            return Task.FromResult(new OrchestrationWorkItem
            {
                InstanceId = message.InstanceId,
                Messages = [message with { Receipt = null }],
                State = record?.State,
                History = record?.CurrentHistory.ToList() ?? [],
                ETag = record?.ETag,
            });
        }
    }

    public Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(checkpoint);
        BeforeCheckpoint?.Invoke(workItem);
        lock (_gate)
        {
            try
            {
                _instances.TryGetValue(workItem.InstanceId, out var record);
                bool unchanged = checkpoint.IsEmpty && ReferenceEquals(checkpoint.State, workItem.State);
                if (!unchanged && checkpoint.State is not null)
                {
                    if (record?.ETag != workItem.ETag)
                    {
                        throw new CheckpointConflictException(
                            $"Instance '{workItem.InstanceId}' changed since it was read (ETag {workItem.ETag ?? "none"}, now {record?.ETag ?? "none"}).");
                    }

                    record ??= new InstanceRecord();
                    _instances[workItem.InstanceId] = record;
                    if (!record.Histories.TryGetValue(checkpoint.State.ExecutionId, out var history))
                    {
                        history = [];
                        record.Histories[checkpoint.State.ExecutionId] = history;
                    }

                    history.AddRange(checkpoint.NewHistory);
                    record.State = checkpoint.State;
                    record.ETag = NextETag();
                    foreach (var old in record.Histories.Keys.Where(k => k != checkpoint.State.ExecutionId).ToList())
                    {
                        record.Histories.Remove(old);
                    }
                }

                foreach (var m in checkpoint.ActivityMessages)
                {
                    Enqueue(_activities, m);
                }

                foreach (var m in checkpoint.TimerMessages.Concat(checkpoint.InstanceMessages))
                {
                    Enqueue(_control, m);
                }

                foreach (var m in workItem.Messages)
                {
                    RemoveByReceipt(_control, m.Receipt);
                }
            }
            finally
            {
                ReleaseLease(workItem);
                Signal();
            }
        }

        return Task.CompletedTask;
    }

    public Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            DateTimeOffset visibleAt = _time.GetUtcNow() + retryDelay;
            foreach (var m in workItem.Messages)
            {
                Release(_control, m.Receipt, visibleAt);
            }

            ReleaseLease(workItem);

            Signal();
        }

        return Task.CompletedTask;
    }

    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        DateTimeOffset deadline = _time.GetUtcNow() + receiveTimeout;
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                DateTimeOffset now = _time.GetUtcNow();
                StoredMessage? first = Earliest(_activities, now, static _ => true);
                if (first is not null)
                {
                    return new ActivityWorkItem { Message = Receive(first, now) };
                }

                signal = _signal.Task;
            }

            if (!await WaitAsync(signal, deadline, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    public Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, OrchestrationMessage responseMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        lock (_gate)
        {
            Enqueue(_control, responseMessage);
            RemoveByReceipt(_activities, workItem.Message.Receipt);
            Signal();
        }

        return Task.CompletedTask;
    }

    public Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            Release(_activities, workItem.Message.Receipt, _time.GetUtcNow() + retryDelay);
            Signal();
        }

        return Task.CompletedTask;
    }

    public Task<OrchestrationMessage?> AcceptExternalMessageAsync(string queueName, string messageText, string messageId, long dequeueCount, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize(messageText, DurableTaskJsonContext.Default.OrchestrationMessage)
            ?? throw new InvalidOperationException($"Message {messageId} on queue {queueName} has an empty body.");
        return Task.FromResult<OrchestrationMessage?>(message with { DequeueCount = dequeueCount, Receipt = null });
    }

    public Task CreateInstanceAsync(OrchestrationState state, OrchestrationMessage executionStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(executionStarted);
        lock (_gate)
        {
            if (_instances.TryGetValue(state.InstanceId, out var existing) && existing.State is { } current && !current.RuntimeStatus.IsTerminal())
            {
                throw new OrchestrationAlreadyExistsException(state.InstanceId, current.RuntimeStatus);
            }

            var record = new InstanceRecord { State = state, ETag = NextETag() };
            record.Histories[state.ExecutionId] = [];
            _instances[state.InstanceId] = record;
            Enqueue(_control, executionStarted);
            Signal();
        }

        return Task.CompletedTask;
    }

    public Task SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            Enqueue(message.IsActivityMessage ? _activities : _control, message);
            Signal();
        }

        return Task.CompletedTask;
    }

    public Task<OrchestrationState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId)?.State);
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEvent> history = _instances.GetValueOrDefault(instanceId)?.CurrentHistory.ToList() ?? [];
            return Task.FromResult(history);
        }
    }

    public Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            int skip = ParseSkipToken(query.ContinuationToken);
            var matches = _instances.Values
                .Select(r => r.State)
                .OfType<OrchestrationState>()
                .Where(s => query.CreatedFrom is null || s.CreatedAt >= query.CreatedFrom)
                .Where(s => query.CreatedTo is null || s.CreatedAt < query.CreatedTo)
                .Where(s => query.Statuses is null || query.Statuses.Count == 0 || query.Statuses.Contains(s.RuntimeStatus))
                .Where(s => query.InstanceIdPrefix is null || s.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .OrderBy(s => s.CreatedAt).ThenBy(s => s.InstanceId, StringComparer.Ordinal)
                .ToList();
            var page = matches.Skip(skip).Take(query.PageSize)
                .Select(s => query.FetchInputsAndOutputs ? s : s with { Input = null, Output = null, CustomStatus = null })
                .ToList();
            string? next = skip + page.Count < matches.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new OrchestrationQueryResult(page, next));
        }
    }

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            bool purgeable = _instances.TryGetValue(instanceId, out var record) && record.State is { } s && s.RuntimeStatus.IsTerminal();
            return Task.FromResult(purgeable && _instances.Remove(instanceId));
        }
    }

    public Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var ids = _instances.Values
                .Select(r => r.State)
                .OfType<OrchestrationState>()
                .Where(s => s.RuntimeStatus.IsTerminal())
                .Where(s => filter.Statuses is null || filter.Statuses.Contains(s.RuntimeStatus))
                .Where(s => filter.CreatedFrom is null || s.CreatedAt >= filter.CreatedFrom)
                .Where(s => filter.CreatedTo is null || s.CreatedAt < filter.CreatedTo)
                .Select(s => s.InstanceId)
                .ToList();
            foreach (var id in ids)
            {
                _instances.Remove(id);
            }

            return Task.FromResult(ids.Count);
        }
    }

    public Task DeadLetterAsync(OrchestrationMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _deadLetters.Add(new DeadLetter(Guid.NewGuid().ToString("N"), message with { Receipt = null }, reason, _time.GetUtcNow()));
            RemoveByReceipt(message.IsActivityMessage ? _activities : _control, message.Receipt);
        }

        return Task.CompletedTask;
    }

    public Task<DeadLetterPage> ListDeadLettersAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            int skip = ParseSkipToken(continuationToken);
            var items = _deadLetters.Skip(skip).Take(pageSize).ToList();
            string? next = skip + items.Count < _deadLetters.Count ? (skip + items.Count).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new DeadLetterPage(items, next));
        }
    }

    // Tokens here are how many items to skip; anything else was not issued by us.
    private static int ParseSkipToken(string? token) =>
        token is null ? 0
        : int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int skip) ? skip
        : throw new InvalidContinuationTokenException();

    public Task<bool> ReplayDeadLetterAsync(string deadLetterId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            int index = _deadLetters.FindIndex(d => d.Id == deadLetterId);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            OrchestrationMessage message = _deadLetters[index].Message with { DequeueCount = 0, VisibleAt = null };
            _deadLetters.RemoveAt(index);
            Enqueue(message.IsActivityMessage ? _activities : _control, message);
            Signal();
            return Task.FromResult(true);
        }
    }

    /// <summary>The visible message that became visible first (ties: enqueued first), by a linear scan.</summary>
    private static StoredMessage? Earliest(List<StoredMessage> queue, DateTimeOffset now, Func<StoredMessage, bool> eligible)
    {
        StoredMessage? best = null;
        foreach (var m in queue)
        {
            if (m.VisibleAt <= now && (best is null || m.VisibleAt < best.VisibleAt) && eligible(m))
            {
                best = m;
            }
        }

        return best;
    }

    private static void RemoveByReceipt(List<StoredMessage> queue, object? receipt)
    {
        if (receipt is Receipt r && r.Stored.LockVersion == r.LockVersion)
        {
            queue.Remove(r.Stored);
        }
    }

    private static void Release(List<StoredMessage> queue, object? receipt, DateTimeOffset visibleAt)
    {
        if (receipt is Receipt r && r.Stored.LockVersion == r.LockVersion && queue.Contains(r.Stored))
        {
            r.Stored.VisibleAt = visibleAt;
        }
    }

    private async Task<bool> WaitAsync(Task signal, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        TimeSpan remaining = deadline - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        // Wake up on a new message, or when the next invisible message becomes visible, or at the deadline.
        DateTimeOffset? next = NextVisibleAt;
        if (next is { } n && n - _time.GetUtcNow() < remaining)
        {
            remaining = n - _time.GetUtcNow();
        }

        if (remaining > TimeSpan.Zero)
        {
            await Task.WhenAny(signal, Task.Delay(remaining, _time, cancellationToken)).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }

    private static OrchestrationMessage Receive(StoredMessage stored, DateTimeOffset now)
    {
        stored.DequeueCount++;
        stored.LockVersion++;
        stored.VisibleAt = now + LockTimeout;
        return stored.Message with { DequeueCount = stored.DequeueCount, Receipt = new Receipt(stored, stored.LockVersion) };
    }

    private void Enqueue(List<StoredMessage> queue, OrchestrationMessage message)
    {
        var body = message with { Receipt = null, DequeueCount = 0 };
        queue.Add(new StoredMessage(body, _sequence++) { VisibleAt = message.VisibleAt ?? _time.GetUtcNow() });
    }

    private void ReleaseLease(OrchestrationWorkItem workItem)
    {
        // Only our own lease: after it expired another worker may hold the instance.
        if (workItem.BackendState is InstanceLease lease
            && _lockedInstances.TryGetValue(lease.InstanceId, out var until) && until == lease.Until)
        {
            _lockedInstances.Remove(lease.InstanceId);
        }
    }

    private bool IsLocked(string instanceId, DateTimeOffset now)
        => _lockedInstances.TryGetValue(instanceId, out var until) && until > now;

    private string NextETag() => (++_etag).ToString(CultureInfo.InvariantCulture);

    private void Signal()
    {
        var previous = _signal;
        _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private sealed class StoredMessage(OrchestrationMessage message, long sequence)
    {
        public OrchestrationMessage Message { get; } = message;

        public long Sequence { get; } = sequence;

        public DateTimeOffset VisibleAt { get; set; }

        public long DequeueCount { get; set; }

        public long LockVersion { get; set; }
    }

    private sealed record Receipt(StoredMessage Stored, long LockVersion);

    private sealed record InstanceLease(string InstanceId, DateTimeOffset Until);

    private sealed class InstanceRecord
    {
        public OrchestrationState? State { get; set; }

        public string? ETag { get; set; }

        public Dictionary<string, List<HistoryEvent>> Histories { get; } = new(StringComparer.Ordinal);

        public IEnumerable<HistoryEvent> CurrentHistory
            => State is not null && Histories.TryGetValue(State.ExecutionId, out var h) ? h : [];
    }
}
