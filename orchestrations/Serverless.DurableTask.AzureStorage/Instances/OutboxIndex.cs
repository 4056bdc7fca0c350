using System.Globalization;
using Azure.Data.Tables;
using Serverless.DurableTask.AzureStorage.Storage;

namespace Serverless.DurableTask.AzureStorage.Instances;

/// <summary>
/// Which instances may hold outbox rows, minute by minute, so the outbox sweep reads a few recent rows instead of
/// scanning the History table. Before a checkpoint writes an outbox row, its instance is listed under the current
/// minute in the <c>{hub}OutboxIndex</c> table (PartitionKey <c>yyyyMMddHHmm</c>, RowKey the instance's partition key).
/// </summary>
/// <remarks>
/// An instance is listed once per minute per process, and the listings of concurrent checkpoints share one
/// entity-group transaction (up to 100 upserts), so listing costs a fraction of a storage operation per step. A listing
/// is durable before the checkpoint that needs it commits: every outbox row has a listing in the minute it was written
/// (or the minute before, when the commit straddles a minute boundary).
/// </remarks>
internal sealed class OutboxIndex(TableClient table, TimeProvider time)
{
    /// <summary>The width of one listing partition.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const string WindowFormat = "yyyyMMddHHmm";
    private const int MaxPerTransaction = 100;

    private readonly object _gate = new();
    private readonly List<Pending> _pending = [];
    private string _window = string.Empty;
    private Dictionary<string, Task> _listed = new(StringComparer.Ordinal);
    private bool _flushing;

    public TableClient Table { get; } = table;

    /// <summary>Completes once the instance is durably listed under the current minute (at once if it already is).</summary>
    public Task EnsureListedAsync(string partitionKey, CancellationToken cancellationToken)
    {
        string window = WindowOf(time.GetUtcNow());
        Task listed;
        lock (_gate)
        {
            if (window != _window)
            {
                _window = window;
                _listed = new Dictionary<string, Task>(StringComparer.Ordinal);
            }

            if (!_listed.TryGetValue(partitionKey, out listed!))
            {
                var pending = new Pending(window, partitionKey);
                _pending.Add(pending);
                _listed[partitionKey] = listed = pending.Done.Task;
                if (!_flushing)
                {
                    _flushing = true;
                    _ = Task.Run(FlushAsync, CancellationToken.None);
                }
            }
        }

        return listed.WaitAsync(cancellationToken);
    }

    /// <summary>Listings of minutes that started at or before <paramref name="cutoff"/>, oldest first.</summary>
    public IAsyncEnumerable<TableEntity> ListStartedByAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Table.QueryAsync<TableEntity>($"PartitionKey le {KeyEncoding.Quote(WindowOf(cutoff))}", select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);

    public Task RemoveAsync(IEnumerable<TableEntity> listings, CancellationToken cancellationToken) =>
        TableDeletes.DeleteAllAsync(Table, listings, cancellationToken);

    /// <summary>When the minute of a listing partition ends.</summary>
    public static DateTimeOffset EndOf(string window) =>
        DateTimeOffset.ParseExact(window, WindowFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) + Window;

    private static string WindowOf(DateTimeOffset at) => at.ToUniversalTime().ToString(WindowFormat, CultureInfo.InvariantCulture);

    // One transaction in flight at a time: listings that arrive meanwhile go together in the next one.
    private async Task FlushAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                string window = _pending[0].Window;
                batch = _pending.Where(p => p.Window == window).Take(MaxPerTransaction).ToList();
                _pending.RemoveAll(batch.Contains);
            }

            try
            {
                await Table.SubmitTransactionAsync(
                    batch.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(p.Window, p.PartitionKey))),
                    CancellationToken.None).ConfigureAwait(false);
                foreach (Pending p in batch)
                {
                    p.Done.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                // Those checkpoints fail (nothing commits without its listing); the next attempt lists again.
                lock (_gate)
                {
                    foreach (Pending p in batch.Where(p => p.Window == _window && _listed.GetValueOrDefault(p.PartitionKey) == p.Done.Task))
                    {
                        _listed.Remove(p.PartitionKey);
                    }
                }

                foreach (Pending p in batch)
                {
                    p.Done.TrySetException(ex);
                }
            }
        }
    }

    private sealed class Pending(string window, string partitionKey)
    {
        public string Window { get; } = window;

        public string PartitionKey { get; } = partitionKey;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
