using Azure;
using Azure.Data.Tables;
using Marketplace.Storage.Entities;

namespace Marketplace.Storage;

/// <summary>
/// Group commit for inbox rows. A seller's inbox is one partition holding all their conversations, and under load many of
/// them change at once: rows of one inbox that arrive while a write to it is under way wait for it, then go together: one
/// transaction replaces every row this process wrote last (under those writes' ETags), and a row projected twice meanwhile
/// is written once, at the newer version. Rows it does not know, or that another writer changed since, are written alone,
/// read first, as before. A row that arrives alone costs what it always did.
/// </summary>
public sealed partial class InboxProjector
{
    /// <summary>An entity-group transaction holds at most 100 operations.</summary>
    private const int MaxRowsPerTransaction = 100;

    /// <summary>Rows waiting, by inbox (partition) and row key; an inbox is here while a write to it is under way.</summary>
    private readonly Dictionary<string, Dictionary<string, PendingRow>> _waiting = new(StringComparer.Ordinal);

    private Task WriteAsync(InboxEntity row)
    {
        PendingRow pending;
        bool leads;
        lock (_waiting)
        {
            leads = !_waiting.TryGetValue(row.PartitionKey, out var rows);
            if (leads)
            {
                _waiting[row.PartitionKey] = rows = new(StringComparer.Ordinal);
            }

            if (rows!.TryGetValue(row.RowKey, out var existing))
            {
                // One write at the newest version answers both: versions only grow, and an older one has nothing to add.
                if (row.HeaderVersion > existing.Row.HeaderVersion)
                {
                    existing.Row = row;
                }

                pending = existing;
            }
            else
            {
                rows[row.RowKey] = pending = new PendingRow(row);
            }
        }

        if (leads)
        {
            _ = WriteWaitingAsync(row.PartitionKey);
        }

        return pending.Written.Task;
    }

    /// <summary>The first row to wait for an inbox writes for everyone who joins it, round after round, until none is left.</summary>
    private async Task WriteWaitingAsync(string partitionKey)
    {
        while (true)
        {
            List<PendingRow> rows;
            lock (_waiting)
            {
                var waiting = _waiting[partitionKey];
                if (waiting.Count == 0)
                {
                    _waiting.Remove(partitionKey);
                    return;
                }

                rows = [.. waiting.Values];
                _waiting[partitionKey] = new(StringComparer.Ordinal);
            }

            try
            {
                await WriteRoundAsync(rows).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Never leave a caller waiting (each row's own failure was already its caller's).
                foreach (var pending in rows)
                {
                    pending.Written.TrySetException(ex);
                }
            }
        }
    }

    private async Task WriteRoundAsync(List<PendingRow> rows)
    {
        var alone = new List<PendingRow>();
        var together = new List<(PendingRow Pending, ETag ETag)>();
        foreach (var pending in rows)
        {
            if (!written.TryGet(Key(pending.Row), out var last))
            {
                alone.Add(pending);
            }
            else if (last.Value.HeaderVersion >= pending.Row.HeaderVersion)
            {
                pending.Written.TrySetResult(); // the row is at least at this version already
            }
            else
            {
                together.Add((pending, last.ETag));
            }
        }

        foreach (var chunk in together.Chunk(MaxRowsPerTransaction))
        {
            if (chunk.Length == 1 || !await TryReplaceTogetherAsync(chunk).ConfigureAwait(false))
            {
                alone.AddRange(chunk.Select(c => c.Pending));
            }
        }

        await Task.WhenAll(alone.Select(WriteAloneAsync)).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the rows in one transaction; false (nothing written) if another writer changed or removed one of them since
    /// this process wrote it, whose memory of that row then goes, or if the transaction failed otherwise: the caller then
    /// writes each alone, which sorts each case out.
    /// </summary>
    private async Task<bool> TryReplaceTogetherAsync((PendingRow Pending, ETag ETag)[] rows)
    {
        try
        {
            var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateReplace, r.Pending.Row, r.ETag));
            var responses = (await _table.SubmitTransactionAsync(actions, CancellationToken.None).ConfigureAwait(false)).Value;
            for (var i = 0; i < rows.Length; i++)
            {
                Remember(Key(rows[i].Pending.Row), rows[i].Pending.Row, responses[i]);
                rows[i].Pending.Written.TrySetResult();
            }

            return true;
        }
        catch (RequestFailedException ex)
        {
            if (ex is TableTransactionFailedException { FailedTransactionActionIndex: int failed } && failed >= 0 && failed < rows.Length)
            {
                written.Remove(Key(rows[failed].Pending.Row));
            }

            return false;
        }
    }

    private async Task WriteAloneAsync(PendingRow pending)
    {
        try
        {
            await WriteAloneAsync(pending.Row, CancellationToken.None).ConfigureAwait(false);
            pending.Written.TrySetResult();
        }
        catch (Exception ex)
        {
            pending.Written.TrySetException(ex);
        }
    }

    /// <summary>A row waiting to be written, and everyone waiting for it (the newest version asked for, once taken to write, is final).</summary>
    private sealed class PendingRow(InboxEntity row)
    {
        public InboxEntity Row { get; set; } = row;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
