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
    /// (left behind by a crash between commit and send, or by a process that died with local messages in flight).
    /// It reads only the outbox index: the instances listed in minutes old enough to hold such rows, one point read
    /// each; never a scan of the History table. Runs by itself from the receive loops every
    /// <see cref="AzureStorageOrchestrationOptions.OutboxSweepInterval"/>; returns how many rows it flushed.
    /// </summary>
    public async Task<int> SweepOutboxAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset cutoff = _time.GetUtcNow() - _options.OutboxSweepMinAge;
        int flushed = 0;
        var settled = new List<TableEntity>();
        await foreach (TableEntity listing in _outboxIndex.ListStartedByAsync(cutoff, cancellationToken).ConfigureAwait(false))
        {
            // A younger row written in (or just after) this minute may have no other listing: keep this one until it is gone.
            DateTimeOffset coveredUntil = OutboxIndex.EndOf(listing.PartitionKey) + _options.OutboxSweepMinAge;
            (int sent, bool young) = await FlushStaleOutboxAsync(listing.RowKey, cutoff, coveredUntil, cancellationToken).ConfigureAwait(false);
            flushed += sent;
            if (!young)
            {
                settled.Add(listing);
            }
        }

        await _outboxIndex.RemoveAsync(settled, cancellationToken).ConfigureAwait(false);
        return flushed;
    }

    // Sends and deletes the instance's outbox rows written before the cutoff; Young: a row written before coveredUntil is left.
    private async Task<(int Flushed, bool Young)> FlushStaleOutboxAsync(string partitionKey, DateTimeOffset cutoff, DateTimeOffset coveredUntil, CancellationToken cancellationToken)
    {
        int flushed = 0;
        bool young = false;
        foreach (string key in await _store.ListedOutboxAsync(partitionKey, cancellationToken).ConfigureAwait(false))
        {
            NullableResponse<TableEntity> found = await _historyTable.GetEntityIfExistsAsync<TableEntity>(partitionKey, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue || found.Value is not { } row)
            {
                continue;
            }

            if (row.Timestamp >= cutoff)
            {
                young |= row.Timestamp < coveredUntil;
                continue;
            }

            OutboxRow outbox = await _store.ReadOutboxAsync(row, cancellationToken).ConfigureAwait(false);
            await _sender.SendAllAsync(outbox.Messages, cancellationToken).ConfigureAwait(false);
            await TableDeletes.DeleteAsync(_historyTable, row, cancellationToken).ConfigureAwait(false);
            Log.OutboxFlushed(_logger, partitionKey, outbox.Messages.Count);
            flushed++;
        }

        return (flushed, young);
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
