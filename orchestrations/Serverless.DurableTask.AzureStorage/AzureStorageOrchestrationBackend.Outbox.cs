using Azure;
using Azure.Data.Tables;
using Serverless.DurableTask.AzureStorage.Instances;
using Serverless.DurableTask.AzureStorage.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Outbox recovery: left-over rows are flushed by the instance's next step and by a periodic sweep.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private readonly object _sweepGate = new();
    private DateTimeOffset _nextSweepAt;
    private Task? _sweep;

    /// <summary>
    /// Sends and clears every outbox row older than <see cref="AzureStorageOrchestrationOptions.OutboxSweepMinAge"/>
    /// (left behind by a crash between commit and send). Runs by itself from the receive loops every
    /// <see cref="AzureStorageOrchestrationOptions.OutboxSweepInterval"/>; returns how many rows it flushed.
    /// </summary>
    public async Task<int> SweepOutboxAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset cutoff = _time.GetUtcNow() - _options.OutboxSweepMinAge;
        string filter = TableClient.CreateQueryFilter($"RowKey ge {InstanceRows.OutboxPrefix} and RowKey lt {KeyEncoding.PrefixUpperBound(InstanceRows.OutboxPrefix)} and Timestamp lt {cutoff}");
        int flushed = 0;
        await foreach (TableEntity row in _historyTable.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            OutboxRow outbox = await _store.ReadOutboxAsync(row, cancellationToken).ConfigureAwait(false);
            await _sender.SendAllAsync(outbox.Messages, cancellationToken).ConfigureAwait(false);
            await DeleteRowAsync(row, cancellationToken).ConfigureAwait(false);
            Log.OutboxFlushed(_logger, row.PartitionKey, outbox.Messages.Count);
            flushed++;
        }

        return flushed;
    }

    private async Task FlushOutboxAsync(string instanceId, IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        foreach (OutboxRow row in rows)
        {
            await _sender.SendAllAsync(row.Messages, cancellationToken).ConfigureAwait(false);
            await _store.DeleteOutboxAsync(instanceId, row.RowKey, cancellationToken).ConfigureAwait(false);
            Log.OutboxFlushed(_logger, instanceId, row.Messages.Count);
        }
    }

    private async Task DeleteRowAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _historyTable.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Flushed by the instance's own next step meanwhile.
        }
    }

    private void MaybeStartSweep()
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_sweepGate)
        {
            if (now < _nextSweepAt || _sweep is { IsCompleted: false })
            {
                return;
            }

            _nextSweepAt = now + _options.OutboxSweepInterval;
            _sweep = Task.Run(async () =>
            {
                try
                {
                    await SweepOutboxAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or System.Net.Http.HttpRequestException)
                {
                    Log.SweepFailed(_logger, ex);
                }
            });
        }
    }

}
