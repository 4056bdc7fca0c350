using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.DurableTask.AzureStorage.Instances;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>The instance store: create, read, query, purge.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private const int MaxPurgeParallelism = 8;

    /// <inheritdoc/>
    public async Task CreateInstanceAsync(OrchestrationState state, OrchestrationMessage executionStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(executionStarted);

        // State row and start message commit together: a crash before the send leaves an outbox row, never "Pending forever".
        // Insert first (the common case costs one request); only an existing row is read and, if finished, replaced.
        string outboxKey = InstanceRows.NewOutbox();
        IReadOnlyList<string> carried = [];
        string etag;
        try
        {
            etag = await _store.CommitAsync(state, null, 0, [], outboxKey, [executionStarted], [], [], cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointConflictException)
        {
            var existing = await _store.GetStateAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
            if (existing is { } found && !found.State.RuntimeStatus.IsTerminal())
            {
                throw new OrchestrationAlreadyExistsException(state.InstanceId, found.State.RuntimeStatus);
            }

            try
            {
                // Outbox rows the finished execution left unsent stay listed: the new execution's first step sends them.
                carried = existing?.Outbox ?? [];
                etag = await _store.CommitAsync(state, existing?.ETag.ToString(), 0, [], outboxKey, [executionStarted], [], carried, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointConflictException ex)
            {
                var winner = await _store.GetStateAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
                throw new OrchestrationAlreadyExistsException(
                    $"Instance '{state.InstanceId}' was created concurrently (now {winner?.State.RuntimeStatus.ToString() ?? "gone"}).", ex);
            }
        }

        if (_options.LocalDispatch && executionStarted.VisibleAt is null)
        {
            // This process runs a worker: start here, from memory; the outbox row is the durable copy until the first step.
            // (With carried rows the first step loads the partition instead, so it sees and sends them.)
            if (carried.Count == 0)
            {
                _cache.Set(state.InstanceId, new InstanceSnapshot(state, etag, [], 0, [new OutboxRow(outboxKey, [executionStarted])]));
            }
            else
            {
                _cache.Remove(state.InstanceId);
            }

            DispatchLocally(executionStarted);
            return;
        }

        _cache.Remove(state.InstanceId);
        await _sender.SendAsync(executionStarted, cancellationToken).ConfigureAwait(false);
        await _store.DeleteOutboxAsync(state.InstanceId, outboxKey, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<OrchestrationState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var found = await _store.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return found?.State;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        InstanceSnapshot snapshot = await _store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return snapshot.History;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Scans the state rows (RowKey in the 'state-' range) with the filters pushed down to the table, then orders by creation
    /// time and instance id. The continuation token is the (created, id) of the last item returned, so every page
    /// is stable whatever is inserted meanwhile; each page re-reads the matches created at or after that point.
    /// </remarks>
    public async Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        QueryToken? after = QueryToken.Parse(query.ContinuationToken);
        DateTimeOffset? from = after is { } a && (query.CreatedFrom is null || a.CreatedAt > query.CreatedFrom) ? a.CreatedAt : query.CreatedFrom;
        string filter = StateFilter(from, query.CreatedTo, query.Statuses, query.InstanceIdPrefix);

        var matches = new List<OrchestrationState>();
        await foreach (TableEntity row in _historyTable.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            OrchestrationState state = await _store.ReadStateAsync(row, cancellationToken).ConfigureAwait(false);
            if (query.InstanceIdPrefix is { } prefix && !state.InstanceId.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (after is { } t && (state.CreatedAt < t.CreatedAt || (state.CreatedAt == t.CreatedAt && string.CompareOrdinal(state.InstanceId, t.InstanceId) <= 0)))
            {
                continue;
            }

            matches.Add(state);
        }

        var ordered = matches.OrderBy(s => s.CreatedAt).ThenBy(s => s.InstanceId, StringComparer.Ordinal).ToList();
        int pageSize = Math.Max(1, query.PageSize);
        var page = ordered.Take(pageSize)
            .Select(s => query.FetchInputsAndOutputs ? s : s with { Input = null, Output = null, CustomStatus = null })
            .ToList();
        string? next = ordered.Count > pageSize ? new QueryToken(page[^1].CreatedAt, page[^1].InstanceId).ToString() : null;
        return new OrchestrationQueryResult(page, next);
    }

    /// <inheritdoc/>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        _cache.Remove(instanceId);
        return await _store.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Where(s => s.IsTerminal()).ToList();
        if (statuses.Count == 0)
        {
            return 0;
        }

        var ids = new List<string>();
        string query = StateFilter(filter.CreatedFrom, filter.CreatedTo, statuses, prefix: null);
        await foreach (TableEntity row in _historyTable.QueryAsync<TableEntity>(query, select: ["PartitionKey", InstanceRows.StatusColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(row.PartitionKey);
        }

        int purged = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = MaxPurgeParallelism, CancellationToken = cancellationToken }, async (pk, ct) =>
        {
            var found = await _historyTable.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRows.State(pk), cancellationToken: ct).ConfigureAwait(false);
            if (found.HasValue && found.Value is { } row)
            {
                OrchestrationState state = await _store.ReadStateAsync(row, ct).ConfigureAwait(false);
                if (await PurgeInstanceAsync(state.InstanceId, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref purged);
                }
            }
        }).ConfigureAwait(false);
        return purged;
    }

    private static string StateFilter(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, string? prefix)
    {
        var parts = new List<string>
        {
            $"RowKey ge {KeyEncoding.Quote(InstanceRows.StatePrefix)} and RowKey lt {KeyEncoding.Quote(KeyEncoding.PrefixUpperBound(InstanceRows.StatePrefix))}",
        };
        if (from is { } f)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt ge {f}"));
        }

        if (to is { } t)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt lt {t}"));
        }

        if (statuses is { Count: > 0 })
        {
            parts.Add("(" + string.Join(" or ", statuses.Distinct().Select(s => $"{InstanceRows.StatusColumn} eq {KeyEncoding.Quote(s.ToString())}")) + ")");
        }

        if (!string.IsNullOrEmpty(prefix))
        {
            string encoded = KeyEncoding.Encode(prefix);
            parts.Add($"PartitionKey ge {KeyEncoding.Quote(encoded)} and PartitionKey lt {KeyEncoding.Quote(KeyEncoding.PrefixUpperBound(encoded))}");
        }

        return string.Join(" and ", parts);
    }

    /// <summary>Continuation of an instance query: the creation time and id of the last instance returned.</summary>
    private readonly record struct QueryToken(DateTimeOffset CreatedAt, string InstanceId)
    {
        public static QueryToken? Parse(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            int bar = token.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0 || bar == token.Length - 1
                || !long.TryParse(token.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                throw new InvalidContinuationTokenException();
            }

            return new QueryToken(new DateTimeOffset(ticks, TimeSpan.Zero), token[(bar + 1)..]);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}|{InstanceId}");
    }
}
