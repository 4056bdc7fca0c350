using Azure;
using Azure.Data.Tables;

namespace Serverless.DurableTask.AzureStorage.Storage;

/// <summary>
/// Group commit for small table writes: actions submitted while a transaction is in flight go together in the next
/// one (up to 100 of one partition), so many concurrent writers cost a few round trips instead of one each.
/// </summary>
internal sealed class TableBatcher(TableClient table)
{
    private const int MaxPerTransaction = 100;

    private readonly object _gate = new();
    private readonly List<Pending> _pending = [];
    private bool _flushing;

    public TableClient Table { get; } = table;

    /// <summary>Completes when the action is committed (a delete of a row already gone counts as done).</summary>
    public Task SubmitAsync(TableTransactionAction action)
    {
        var pending = new Pending(action);
        lock (_gate)
        {
            _pending.Add(pending);
            if (!_flushing)
            {
                _flushing = true;
                _ = Task.Run(FlushAsync, CancellationToken.None);
            }
        }

        return pending.Done.Task;
    }

    private async Task FlushAsync()
    {
        while (TakeBatch() is { } batch)
        {
            try
            {
                await Table.SubmitTransactionAsync(batch.Select(p => p.Action), CancellationToken.None).ConfigureAwait(false);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && batch.TrueForAll(p => p.Action.ActionType == TableTransactionActionType.Delete))
            {
                // One row was already gone, and a transaction is all or nothing: delete the rest one by one.
                foreach (Pending p in batch)
                {
                    await DeleteOneAsync(p).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // Whatever went wrong belongs to the submitters; the loop must go on for the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                batch.ForEach(p => p.Done.TrySetException(ex));
            }
        }
    }

    // Up to 100 pending actions of the oldest one's partition, one per row (a transaction may touch a row only once).
    private List<Pending>? TakeBatch()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _flushing = false;
                return null;
            }

            string partition = _pending[0].Action.Entity.PartitionKey;
            var rows = new HashSet<string>(StringComparer.Ordinal);
            var batch = _pending.Where(p => p.Action.Entity.PartitionKey == partition && rows.Add(p.Action.Entity.RowKey)).Take(MaxPerTransaction).ToList();
            var taken = batch.ToHashSet();
            _pending.RemoveAll(taken.Contains);
            return batch;
        }
    }

    private async Task DeleteOneAsync(Pending pending)
    {
        try
        {
            await TableDeletes.DeleteAsync(Table, pending.Action.Entity, CancellationToken.None).ConfigureAwait(false);
            pending.Done.TrySetResult();
        }
        catch (RequestFailedException ex)
        {
            pending.Done.TrySetException(ex);
        }
    }

    private sealed class Pending(TableTransactionAction action)
    {
        public TableTransactionAction Action { get; } = action;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
