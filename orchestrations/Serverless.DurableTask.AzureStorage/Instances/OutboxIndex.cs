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
/// entity-group transaction (<see cref="TableBatcher"/>), so listing costs a fraction of a storage operation per step. A listing
/// is durable before the checkpoint that needs it commits: every outbox row has a listing in the minute it was written
/// (or the minute before, when the commit straddles a minute boundary).
/// </remarks>
internal sealed class OutboxIndex(TableClient table, TimeProvider time)
{
    /// <summary>The width of one listing partition.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const string WindowFormat = "yyyyMMddHHmm";

    private readonly TableBatcher _writes = new(table);
    private readonly object _gate = new();
    private string _window = string.Empty;
    private Dictionary<string, Task> _listed = new(StringComparer.Ordinal);

    public TableClient Table => _writes.Table;

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
                listed = _writes.SubmitAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(window, partitionKey)));
                _listed[partitionKey] = listed;
                _ = listed.ContinueWith(_ => Forget(window, partitionKey, listed), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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

    // A failed listing fails the checkpoints waiting for it (nothing commits unlisted); the next attempt lists again.
    private void Forget(string window, string partitionKey, Task listed)
    {
        lock (_gate)
        {
            if (_window == window && _listed.GetValueOrDefault(partitionKey) == listed)
            {
                _listed.Remove(partitionKey);
            }
        }
    }
}
