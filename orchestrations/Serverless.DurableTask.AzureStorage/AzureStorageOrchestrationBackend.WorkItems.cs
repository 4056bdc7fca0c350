using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.DurableTask.AzureStorage.Instances;
using Serverless.DurableTask.AzureStorage.Messaging;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Orchestration work items: receive, load, atomic checkpoint, outbox, abandon.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    /// <inheritdoc/>
    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        MaybeStartSweep();
        var next = await _control.LockNextAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (next is not { } taken)
        {
            return null;
        }

        string instanceId = taken.Key;
        try
        {
            InstanceSnapshot? cached = _cache.TryGet(instanceId);
            InstanceSnapshot snapshot = cached ?? await _store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            return ToWorkItem(instanceId, taken.Messages, snapshot, locked: true, fromCache: cached is not null);
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or OperationCanceledException)
        {
            await ReleaseMessagesAsync(taken.Messages, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            RedispatchLocal(taken.Messages, TimeSpan.FromSeconds(1));
            _control.Release(instanceId);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<OrchestrationWorkItem> LoadOrchestrationWorkItemAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        InstanceSnapshot? cached = _cache.TryGet(message.InstanceId);
        InstanceSnapshot snapshot = cached ?? await _store.LoadAsync(message.InstanceId, cancellationToken).ConfigureAwait(false);
        return ToWorkItem(message.InstanceId, [message with { Receipt = null }], snapshot, locked: false, fromCache: cached is not null);
    }

    /// <inheritdoc/>
    public async Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var session = workItem.BackendState as WorkItemSession;
        string instanceId = workItem.InstanceId;
        try
        {
            InstanceSnapshot snapshot = session?.Snapshot ?? await _store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            var produced = new List<OrchestrationMessage>(checkpoint.ActivityMessages.Count + checkpoint.TimerMessages.Count + checkpoint.InstanceMessages.Count);
            produced.AddRange(checkpoint.ActivityMessages);
            produced.AddRange(checkpoint.TimerMessages);
            produced.AddRange(checkpoint.InstanceMessages);

            bool unchanged = checkpoint.State is null || (checkpoint.IsEmpty && ReferenceEquals(checkpoint.State, workItem.State));
            if (unchanged)
            {
                // Dropping messages is a decision made on the state as read: if the instance moved on meanwhile (another
                // worker, a stale cache), a message that looked stale may be the next one; re-check before deleting.
                if (workItem.Messages.Count > 0 && await _store.GetETagAsync(instanceId, cancellationToken).ConfigureAwait(false) != workItem.ETag)
                {
                    Log.Conflict(_logger, instanceId);
                    _cache.Remove(instanceId);
                    throw new CheckpointConflictException($"Instance '{instanceId}' changed since it was read; its messages are redelivered.");
                }

                await CompleteWithoutCommitAsync(instanceId, snapshot, session?.FromCache == true, produced, workItem.Messages, cancellationToken).ConfigureAwait(false);
                return;
            }

            OrchestrationState state = checkpoint.State!;
            bool newExecution = workItem.State is null || workItem.State.ExecutionId != state.ExecutionId;
            var history = new List<HistoryEvent>((newExecution ? 0 : snapshot.History.Count) + checkpoint.NewHistory.Count);
            if (!newExecution)
            {
                history.AddRange(snapshot.History);
            }

            history.AddRange(checkpoint.NewHistory);

            // Earlier outbox rows: in-flight rows of this process (from the cache) and unknown ones (read from the table,
            // left by a crash or another process). A row whose messages all show in history is deleted in this
            // transaction; a row with undelivered local messages stays (their only durable copy); unknown rows'
            // undelivered remote messages are sent before the commit deletes their row.
            bool known = session?.FromCache == true;
            var delivered = snapshot.Outbox.Count > 0 ? DeliveredIndex.Build(state.ExecutionId, history) : null;
            var keptRows = new List<OutboxRow>();
            var deleteKeys = new List<string>();
            var redispatch = new List<OrchestrationMessage>();
            foreach (OutboxRow row in snapshot.Outbox)
            {
                var undelivered = row.Messages.Where(m => !delivered!.Contains(m, instanceId)).ToList();
                var localUndelivered = _options.LocalDispatch ? undelivered.Where(m => IsLocal(m, instanceId)).ToList() : [];
                if (!known)
                {
                    await _sender.SendAllAsync(undelivered.Except(localUndelivered).ToList(), cancellationToken).ConfigureAwait(false);
                    redispatch.AddRange(localUndelivered);
                }

                if (localUndelivered.Count > 0)
                {
                    keptRows.Add(new OutboxRow(row.RowKey, localUndelivered));
                }
                else if (deleteKeys.Count < InstanceStore.MaxOutboxDeletesPerCommit)
                {
                    deleteKeys.Add(row.RowKey);
                }
                else
                {
                    await _store.DeleteOutboxAsync(instanceId, row.RowKey, cancellationToken).ConfigureAwait(false);
                }
            }

            var outbox = produced;
            string? outboxKey = outbox.Count > 0 ? InstanceRows.NewOutbox() : null;
            int chunks = (newExecution ? 0 : snapshot.Chunks) + (checkpoint.NewHistory.Count > 0 ? 1 : 0);
            string etag;
            try
            {
                etag = await _store.CommitAsync(state, workItem.ETag, chunks, checkpoint.NewHistory, outboxKey, outbox, deleteKeys, keptRows.Select(r => r.RowKey).ToList(), cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointConflictException)
            {
                Log.Conflict(_logger, instanceId);
                _cache.Remove(instanceId);
                throw;
            }

            var local = _options.LocalDispatch ? outbox.Where(m => IsLocal(m, instanceId)).ToList() : [];
            var remote = local.Count == 0 ? outbox : outbox.Where(m => !IsLocal(m, instanceId)).ToList();
            if (local.Count > 0)
            {
                keptRows.Add(new OutboxRow(outboxKey!, local));
            }

            if (state.RuntimeStatus.IsTerminal() && keptRows.Count == 0)
            {
                _cache.Remove(instanceId);
            }
            else
            {
                _cache.Set(instanceId, new InstanceSnapshot(state, etag, history, chunks, keptRows));
            }

            Fault(FaultStage.AfterCommit, instanceId);
            foreach (OrchestrationMessage message in local.Concat(redispatch))
            {
                DispatchLocally(message);
            }

            // The commit is durable: consumed messages can go while the outbox is being sent.
            Task deletes = DeleteMessagesAsync(workItem.Messages, cancellationToken);
            if (remote.Count > 0)
            {
                await _sender.SendAllAsync(remote, cancellationToken).ConfigureAwait(false);
            }

            Fault(FaultStage.AfterSend, instanceId);
            if (outboxKey is not null && local.Count == 0)
            {
                await Task.WhenAll(deletes, _store.DeleteOutboxAsync(instanceId, outboxKey, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                await deletes.ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not CheckpointConflictException)
        {
            // Whatever happened after the commit, the next step of this instance must re-read the partition (and its outbox).
            _cache.Remove(instanceId);
            throw;
        }
        finally
        {
            if (session?.Locked == true)
            {
                _control.Release(instanceId);
            }
        }
    }

    private async Task CompleteWithoutCommitAsync(
        string instanceId, InstanceSnapshot snapshot, bool known, List<OrchestrationMessage> produced, IReadOnlyList<OrchestrationMessage> consumed, CancellationToken cancellationToken)
    {
        // Nothing to commit (duplicates or stale messages). Unknown left-over rows are flushed through the queues;
        // this process's in-flight rows stay for the next checkpoint.
        if (!known && snapshot.Outbox.Count > 0 && snapshot.State is not null)
        {
            var delivered = DeliveredIndex.Build(snapshot.State.ExecutionId, snapshot.History);
            var toSend = snapshot.Outbox.SelectMany(r => r.Messages).Where(m => !delivered.Contains(m, instanceId)).ToList();
            await _sender.SendAllAsync(toSend, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(snapshot.Outbox.Select(r => _store.DeleteOutboxAsync(instanceId, r.RowKey, cancellationToken))).ConfigureAwait(false);
            Log.OutboxFlushed(_logger, instanceId, toSend.Count);
            _cache.Set(instanceId, snapshot with { Outbox = [] });
        }

        await Task.WhenAll(_sender.SendAllAsync(produced, cancellationToken), DeleteMessagesAsync(consumed, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Activity messages, and undelayed messages to the same instance, can skip the queues (see <see cref="AzureStorageOrchestrationOptions.LocalDispatch"/>).</summary>
    private static bool IsLocal(OrchestrationMessage message, string instanceId)
        => message.VisibleAt is null && (message.IsActivityMessage || string.Equals(message.InstanceId, instanceId, StringComparison.Ordinal));

    private void DispatchLocally(OrchestrationMessage message, long dequeueCount = 1)
    {
        // A parked message fired here keeps its receipt: its Timers row stays its durable copy until a step consumes it.
        object receipt = message.Receipt as ParkedReceipt ?? (object)LocalReceipt.Next();
        var local = message with { Receipt = receipt, DequeueCount = dequeueCount };
        (message.IsActivityMessage ? _activities : _control).Add(local);
    }

    /// <inheritdoc/>
    public async Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        try
        {
            _cache.Remove(workItem.InstanceId);
            await ReleaseMessagesAsync(workItem.Messages, retryDelay).ConfigureAwait(false);
            RedispatchLocal(workItem.Messages, retryDelay);
        }
        finally
        {
            if (workItem.BackendState is WorkItemSession { Locked: true })
            {
                _control.Release(workItem.InstanceId);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<OrchestrationMessage?> AcceptExternalMessageAsync(string queueName, string messageText, string messageId, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        ArgumentNullException.ThrowIfNull(messageText);
        MaybeStartSweep();
        if (!_queuesByName.TryGetValue(queueName, out QueueClient? queue))
        {
            throw new ArgumentException($"Queue '{queueName}' does not belong to task hub '{_options.TaskHubName}'.", nameof(queueName));
        }

        string text = LooksEncoded(messageText) ? messageText : FromBase64(messageText);
        if (await TryHandleExternalWakeUpAsync(queue, text, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        OrchestrationMessage message = await _sender.DecodeAsync(text, cancellationToken).ConfigureAwait(false);
        if (message.VisibleAt is { } due)
        {
            TimeSpan early = due - _time.GetUtcNow();
            if (early > HoldWindow)
            {
                // A hop of a chained timer: queue it again for the next hop; the host deletes this delivery.
                await _sender.SendTextAsync(queue, text, due, cancellationToken).ConfigureAwait(false);
                Log.TimerHop(_logger, message.MessageId, due);
                return null;
            }

            if (early > TimeSpan.Zero)
            {
                await Task.Delay(early + TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
        }

        return message with { DequeueCount = dequeueCount, Receipt = null };
    }

    private static OrchestrationWorkItem ToWorkItem(string instanceId, List<OrchestrationMessage> messages, InstanceSnapshot snapshot, bool locked, bool fromCache) => new()
    {
        InstanceId = instanceId,
        Messages = messages,
        State = snapshot.State,
        History = snapshot.History,
        ETag = snapshot.ETag,
        BackendState = new WorkItemSession(snapshot, locked, fromCache),
    };

    /// <summary>Decodes a received queue message; handles chained-timer hops and holds slightly early messages until due.</summary>
    private async Task<OrchestrationMessage?> DecodeReceivedAsync(QueueClient queue, QueueMessage raw, CancellationToken cancellationToken)
    {
        string text = raw.Body.ToString();
        if (await TryHandleWakeUpAsync(queue, raw, text, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        OrchestrationMessage message;
        try
        {
            message = await _sender.DecodeAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            await DeadLetterUndecodableAsync(queue, raw, ex, cancellationToken).ConfigureAwait(false);
            return null;
        }

        message = message with { DequeueCount = raw.DequeueCount, Receipt = new QueueReceipt(queue, raw.MessageId, raw.PopReceipt) };
        if (message.VisibleAt is { } due)
        {
            TimeSpan early = due - _time.GetUtcNow();
            if (early > HoldWindow)
            {
                await _sender.SendTextAsync(queue, text, due, cancellationToken).ConfigureAwait(false);
                await DeleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
                Log.TimerHop(_logger, message.MessageId, due);
                TrackDeferred(message.MessageId, due);
                return null;
            }

            _deferred.TryRemove(message.MessageId, out _);

            if (early > TimeSpan.Zero)
            {
                ReceiveBuffer buffer = message.IsActivityMessage ? _activities : _control;
                _ = HoldUntilDueAsync(buffer, message, due - _time.GetUtcNow());
                return null;
            }
        }

        return message;
    }

    private async Task HoldUntilDueAsync(ReceiveBuffer buffer, OrchestrationMessage message, TimeSpan delay)
    {
        // Timers may wake a little early (coarse timer resolution); never hand a message out before it is due.
        DateTimeOffset due = _time.GetUtcNow() + delay;
        for (TimeSpan remaining = delay; remaining > TimeSpan.Zero; remaining = due - _time.GetUtcNow())
        {
            await Task.Delay(remaining + TimeSpan.FromMilliseconds(1), _time).ConfigureAwait(false);
        }

        buffer.Add(message);
    }

    private async Task DeleteMessagesAsync(IReadOnlyList<OrchestrationMessage> messages, CancellationToken cancellationToken)
    {
        switch (messages.Count)
        {
            case 0:
                return;
            case 1:
                await DeleteMessageAsync(messages[0], cancellationToken).ConfigureAwait(false);
                return;
            default:
                await Task.WhenAll(messages.Select(m => DeleteMessageAsync(m, cancellationToken))).ConfigureAwait(false);
                return;
        }
    }

    private async Task DeleteMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        switch (message.Receipt)
        {
            case QueueReceipt receipt:
                await DeleteReceiptAsync(receipt, cancellationToken).ConfigureAwait(false);
                break;
            case ParkedReceipt parked:
                _sender.Parking.Forget(parked);
                break;
        }
    }

    private static async Task ReleaseMessagesAsync(IReadOnlyList<OrchestrationMessage> messages, TimeSpan retryDelay)
    {
        TimeSpan delay = retryDelay < TimeSpan.Zero ? TimeSpan.Zero : retryDelay;
        await Task.WhenAll(messages.Select(m => m.Receipt is QueueReceipt receipt ? ReleaseReceiptAsync(receipt, delay) : Task.CompletedTask)).ConfigureAwait(false);
    }

    /// <summary>Abandoned local messages come back after the retry delay with a higher dequeue count (as a queue would do).</summary>
    private void RedispatchLocal(IReadOnlyList<OrchestrationMessage> messages, TimeSpan retryDelay)
    {
        var local = messages.Where(m => m.Receipt is LocalReceipt or ParkedReceipt).ToList();
        if (local.Count == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            if (retryDelay > TimeSpan.Zero)
            {
                await Task.Delay(retryDelay, _time).ConfigureAwait(false);
            }

            foreach (var m in local)
            {
                DispatchLocally(m, m.DequeueCount + 1);
            }
        });
    }

    private static bool LooksEncoded(string text)
        => text.StartsWith('{') || text.StartsWith("blob:", StringComparison.Ordinal) || TimerParking.IsWakeUp(text, out _, out _);

    private static string FromBase64(string text)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException("The message is neither JSON nor base64-encoded JSON.", ex);
        }
    }

    /// <summary>What the backend remembers about a handed-out work item.</summary>
    private sealed record WorkItemSession(InstanceSnapshot Snapshot, bool Locked, bool FromCache);
}
