using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Serialization;

namespace Serverless.DurableTask.AzureStorage.Instances;

/// <summary>Reads and writes instance partitions of the History table: state row, history chunks and outbox rows.</summary>
internal sealed class InstanceStore(TableClient table, PayloadStore payloads, OutboxIndex outboxIndex)
{
    private const int MaxReadAttempts = 5;

    /// <summary>Entity-group transactions hold at most 100 entities: state, chunk, outbox, and this many deletions.</summary>
    public const int MaxOutboxDeletesPerCommit = 97;

    public TableClient Table { get; } = table;

    /// <summary>
    /// Returns a consistent view of the instance: the state row, exactly the history chunks it vouches for, and the
    /// outbox rows it lists. Everything is read by key (the state row names its chunks and outbox rows), never by a
    /// partition scan: point reads cost the same whatever the table holds, on Azure and on Azurite alike.
    /// </summary>
    public async Task<InstanceSnapshot> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        string pk = KeyEncoding.Encode(instanceId);
        for (int attempt = 1; ; attempt++)
        {
            NullableResponse<TableEntity> found = await Table.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRows.State(pk), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue || found.Value is not { } stateRow)
            {
                return InstanceSnapshot.Empty;
            }

            OrchestrationState state = await ReadStateAsync(stateRow, cancellationToken).ConfigureAwait(false);
            int chunks = stateRow.GetInt32(InstanceRows.ChunksColumn) ?? 0;
            var chunkReads = Enumerable.Range(0, chunks)
                .Select(i => Table.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRows.Chunk(state.ExecutionId, i), cancellationToken: cancellationToken))
                .ToList();
            var outboxReads = InstanceRows.OutboxKeys(stateRow)
                .Select(key => Table.GetEntityIfExistsAsync<TableEntity>(pk, key, cancellationToken: cancellationToken))
                .ToList();
            await Task.WhenAll(chunkReads.Concat(outboxReads)).ConfigureAwait(false);
            if (chunkReads.Any(r => !r.Result.HasValue))
            {
                // A vouched-for chunk is missing: the instance was purged (and maybe re-created) meanwhile; read again.
                if (attempt >= MaxReadAttempts)
                {
                    throw new InvalidOperationException($"Instance '{instanceId}' lacks history chunks its state row vouches for.");
                }

                continue;
            }

            var history = new List<HistoryEvent>();
            foreach (var read in chunkReads)
            {
                history.AddRange(await ReadChunkAsync(read.Result.Value!, cancellationToken).ConfigureAwait(false));
            }

            // Outbox rows deleted after their send are still listed until the next checkpoint: absent ones are done.
            var outbox = new List<OutboxRow>();
            foreach (var read in outboxReads.Where(r => r.Result.HasValue))
            {
                outbox.Add(await ReadOutboxAsync(read.Result.Value!, cancellationToken).ConfigureAwait(false));
            }

            return new InstanceSnapshot(state, stateRow.ETag.ToString(), history, chunks, outbox);
        }
    }

    private async Task<List<HistoryEvent>> ReadChunkAsync(TableEntity row, CancellationToken cancellationToken)
    {
        string json = await payloads.ReadColumnsAsync(row, InstanceRows.DataPrefix, cancellationToken).ConfigureAwait(false) ?? "[]";
        return JsonSerializer.Deserialize(json, DurableTaskJsonContext.Default.ListHistoryEvent) ?? [];
    }

    /// <summary>Point-reads the state row (with the outbox rows it lists); null when the instance does not exist.</summary>
    public async Task<(OrchestrationState State, ETag ETag, IReadOnlyList<string> Outbox)?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        string pk = KeyEncoding.Encode(instanceId);
        NullableResponse<TableEntity> response = await Table.GetEntityIfExistsAsync<TableEntity>(
            pk, InstanceRows.State(pk), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        return (await ReadStateAsync(response.Value, cancellationToken).ConfigureAwait(false), response.Value.ETag, InstanceRows.OutboxKeys(response.Value));
    }

    /// <summary>The outbox rows the state row lists (empty when there is no instance), without its payload.</summary>
    public async Task<IReadOnlyList<string>> ListedOutboxAsync(string partitionKey, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> response = await Table.GetEntityIfExistsAsync<TableEntity>(
            partitionKey, InstanceRows.State(partitionKey), select: [InstanceRows.OutboxColumn], cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is not null ? InstanceRows.OutboxKeys(response.Value) : [];
    }

    /// <summary>The state row's current ETag (null when there is none), without its payload.</summary>
    public async Task<string?> GetETagAsync(string instanceId, CancellationToken cancellationToken)
    {
        string pk = KeyEncoding.Encode(instanceId);
        NullableResponse<TableEntity> response = await Table.GetEntityIfExistsAsync<TableEntity>(
            pk, InstanceRows.State(pk), select: [InstanceRows.ChunksColumn], cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is not null ? response.Value.ETag.ToString() : null;
    }

    public async Task<OrchestrationState> ReadStateAsync(TableEntity row, CancellationToken cancellationToken)
    {
        string json = await payloads.ReadColumnsAsync(row, InstanceRows.StateJsonPrefix, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"State row of partition '{row.PartitionKey}' has no state.");
        return JsonSerializer.Deserialize(json, DurableTaskJsonContext.Default.OrchestrationState)
            ?? throw new InvalidOperationException($"State row of partition '{row.PartitionKey}' is empty.");
    }

    /// <summary>
    /// The atomic checkpoint: history chunk, outbox row and state row in ONE entity-group transaction guarded by
    /// the state row's ETag (insert when <paramref name="etag"/> is null). At most three entities, whatever the
    /// size of the step: large chunks and outboxes live in blobs referenced from their row.
    /// </summary>
    /// <param name="otherOutboxKeys">Earlier outbox rows that still exist after this commit; the state row lists them with the new one, so loads read them by key.</param>
    /// <returns>The new ETag of the state row.</returns>
    /// <exception cref="CheckpointConflictException">The state row changed (or appeared, or vanished) since it was read.</exception>
    public async Task<string> CommitAsync(
        OrchestrationState state,
        string? etag,
        int chunks,
        IReadOnlyList<HistoryEvent> newHistory,
        string? outboxKey,
        IReadOnlyList<OrchestrationMessage> outbox,
        IReadOnlyList<string> deleteOutboxKeys,
        IEnumerable<string> otherOutboxKeys,
        CancellationToken cancellationToken)
    {
        string instanceId = state.InstanceId;
        string pk = KeyEncoding.Encode(instanceId);
        bool writesOutbox = outbox.Count > 0 && outboxKey is not null;

        // The sweep finds left-over outbox rows through the index: the listing is durable before the row can exist.
        Task listed = writesOutbox ? outboxIndex.EnsureListedAsync(pk, cancellationToken) : Task.CompletedTask;
        var actions = new List<TableTransactionAction>(3);
        var liveOutbox = writesOutbox ? otherOutboxKeys.Append(outboxKey!) : otherOutboxKeys;
        TableEntity stateRow = await ToStateRowAsync(state, chunks, liveOutbox, cancellationToken).ConfigureAwait(false);
        actions.Add(etag is null
            ? new TableTransactionAction(TableTransactionActionType.Add, stateRow)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, stateRow, new ETag(etag)));

        if (newHistory.Count > 0)
        {
            var chunk = new TableEntity(pk, InstanceRows.Chunk(state.ExecutionId, chunks - 1)) { [InstanceRows.CountColumn] = newHistory.Count };
            string json = JsonSerializer.Serialize(newHistory as List<HistoryEvent> ?? [.. newHistory], DurableTaskJsonContext.Default.ListHistoryEvent);
            await payloads.WriteColumnsAsync(chunk, InstanceRows.DataPrefix, json, instanceId, "h", cancellationToken).ConfigureAwait(false);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, chunk));
        }

        if (writesOutbox)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, await ToOutboxRowAsync(instanceId, outboxKey!, outbox, cancellationToken).ConfigureAwait(false)));
        }

        // Outbox rows of earlier steps whose messages are delivered (or carried into this outbox) go in the same transaction.
        foreach (string key in deleteOutboxKeys)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, key), ETag.All));
        }

        await listed.ConfigureAwait(false);
        try
        {
            Response<IReadOnlyList<Response>> response = await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("The checkpoint response carried no ETag.");
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 409 or 404)
        {
            throw new CheckpointConflictException(
                $"Instance '{instanceId}' changed since it was read (HTTP {ex.Status.ToString(CultureInfo.InvariantCulture)}); nothing was committed.", ex);
        }
    }

    public async Task DeleteOutboxAsync(string instanceId, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(KeyEncoding.Encode(instanceId), rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Someone (the sweep, another worker) already cleared it.
        }
    }

    public async Task<OutboxRow> ReadOutboxAsync(TableEntity row, CancellationToken cancellationToken)
    {
        string json = await payloads.ReadColumnsAsync(row, InstanceRows.DataPrefix, cancellationToken).ConfigureAwait(false) ?? "[]";
        return new OutboxRow(row.RowKey, JsonSerializer.Deserialize(json, AzureStorageJsonContext.Default.ListOrchestrationMessage) ?? []);
    }

    /// <summary>Deletes every row of the partition that was listed before the state row went (the state row first, ETag-guarded).</summary>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        string pk = KeyEncoding.Encode(instanceId);
        var current = await GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (current is not { } found || !found.State.RuntimeStatus.IsTerminal())
        {
            return false;
        }

        var keys = new List<string>();
        await foreach (TableEntity row in Table.QueryAsync<TableEntity>(
            $"PartitionKey eq {KeyEncoding.Quote(pk)}", select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey != InstanceRows.State(pk))
            {
                keys.Add(row.RowKey);
            }
        }

        try
        {
            await Table.DeleteEntityAsync(pk, InstanceRows.State(pk), found.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }

        await TableDeletes.DeleteAllAsync(Table, keys.Select(k => new TableEntity(pk, k)), cancellationToken).ConfigureAwait(false);
        await payloads.DeleteInstanceBlobsAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<TableEntity> ToStateRowAsync(OrchestrationState state, int chunks, IEnumerable<string> outboxKeys, CancellationToken cancellationToken)
    {
        string pk = KeyEncoding.Encode(state.InstanceId);
        var row = new TableEntity(pk, InstanceRows.State(pk))
        {
            [InstanceRows.StatusColumn] = state.RuntimeStatus.ToString(),
            [InstanceRows.CreatedAtColumn] = state.CreatedAt,
            [InstanceRows.NameColumn] = state.Name,
            [InstanceRows.ExecutionIdColumn] = state.ExecutionId,
            [InstanceRows.ChunksColumn] = chunks,
            [InstanceRows.OutboxColumn] = string.Join(' ', outboxKeys),
        };
        string json = JsonSerializer.Serialize(state, DurableTaskJsonContext.Default.OrchestrationState);
        await payloads.WriteColumnsAsync(row, InstanceRows.StateJsonPrefix, json, state.InstanceId, "s", cancellationToken).ConfigureAwait(false);
        return row;
    }

    public async Task<TableEntity> ToOutboxRowAsync(string instanceId, string rowKey, IReadOnlyList<OrchestrationMessage> messages, CancellationToken cancellationToken)
    {
        var row = new TableEntity(KeyEncoding.Encode(instanceId), rowKey) { [InstanceRows.CountColumn] = messages.Count };
        string json = JsonSerializer.Serialize(messages as List<OrchestrationMessage> ?? [.. messages], AzureStorageJsonContext.Default.ListOrchestrationMessage);
        await payloads.WriteColumnsAsync(row, InstanceRows.DataPrefix, json, instanceId, "o", cancellationToken).ConfigureAwait(false);
        return row;
    }
}
