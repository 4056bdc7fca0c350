using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage.Messaging;

/// <summary>
/// Parks far-off delayed messages (timers, scheduled starts) in the <c>{hub}Timers</c> table until shortly before they
/// are due, so a queue holds only what is due soon; then fires them.
/// </summary>
/// <remarks>
/// <para>Why: a queue service pays per stored message on some implementations (Azurite rebuilds its message indexes
/// on every receive and delete: at 10,000 waiting messages an empty receive costs 60 ms, at 100,000 about a second),
/// and an idle wait of 24 hours or 10 days should cost nothing but a table row.</para>
/// <para>Rows are grouped in ten-second buckets (PartitionKey <c>yyyyMMddHHmmss</c>, RowKey the message id): small
/// buckets keep what a wake-up fires small, even when thousands of timers are due the same minute. Parking first makes
/// sure a <em>wake-up</em> message for the bucket is in the control queue, visible <see cref="WakeLead"/> before the
/// bucket starts (chained beyond the queue's 7-day limit like any delayed message); then it writes the row. A wake-up
/// always lands after every park into its bucket: parking needs more than <see cref="MinimumHorizon"/> left, the
/// wake-up fires at most <see cref="BucketSize"/> + <see cref="WakeLead"/> before the due time.</para>
/// <para>Firing a bucket (and any earlier one) either hands its messages to this process's worker in memory, each at
/// its due time, the row staying until the consuming step deletes it (<see cref="Forget"/>), behind a re-check of the
/// bucket (<see cref="SendRecheckAsync"/>) that fires again whatever a crash left; or, without a local worker, moves
/// them into their queues with the rest of their delay (<see cref="MoveDueAsync"/>). Both are at-least-once: the
/// engine drops a message fired twice as a duplicate.</para>
/// <para>Because wake-ups are ordinary control-queue messages, a host that scales on queue length (Azure Functions)
/// still sees parked timers coming.</para>
/// </remarks>
internal sealed class TimerParking(
    TableClient table,
    PayloadStore payloads,
    IReadOnlyList<QueueClient> controlQueues,
    QueueClient workItemQueue,
    Func<QueueClient, string, DateTimeOffset?, CancellationToken, Task> sendText,
    TimeSpan horizon,
    TimeProvider time)
{
    /// <summary>Width of a bucket.</summary>
    public static readonly TimeSpan BucketSize = TimeSpan.FromSeconds(10);

    /// <summary>How long before its bucket starts a wake-up surfaces.</summary>
    public static readonly TimeSpan WakeLead = TimeSpan.FromSeconds(5);

    /// <summary>The smallest horizon that keeps every park ahead of its bucket's wake-up, with a safety margin for clock skew.</summary>
    public static readonly TimeSpan MinimumHorizon = TimeSpan.FromMinutes(3);

    private const string WakeUpPrefix = "wake:";
    private const string BucketFormat = "yyyyMMddHHmmss";
    private const string QueueColumn = "Queue";
    private const string DueColumn = "Due";
    private const string TextPrefix = "D";

    /// <summary>Diagnostics only: how many parked due times are remembered (memory must not grow with pending timers).</summary>
    private const int MaxTrackedParked = 10_000;

    private readonly Dictionary<string, QueueClient> _queuesByName =
        controlQueues.Append(workItemQueue).ToDictionary(q => q.Name, StringComparer.OrdinalIgnoreCase);

    private readonly ConcurrentDictionary<string, byte> _wakeUpsSent = new(StringComparer.Ordinal);
    private readonly TableBatcher _deletes = new(table);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _parked = new(StringComparer.Ordinal);

    public TableClient Table { get; } = table;

    public QueueClient WorkItemQueue { get; } = workItemQueue;

    /// <summary>Due times of messages this process parked and has not moved yet, the first 10,000 (tests drive virtual time with them).</summary>
    public IEnumerable<DateTimeOffset> ParkedDueTimes => _parked.Values;

    /// <summary>True when <paramref name="visibleAt"/> is beyond the horizon: the message waits in the table, not in a queue.</summary>
    public bool ShouldPark(DateTimeOffset? visibleAt)
        => horizon > TimeSpan.Zero && visibleAt is { } at && at - time.GetUtcNow() > horizon;

    /// <summary>Parks encoded queue text until shortly before <paramref name="due"/>.</summary>
    public async Task ParkAsync(QueueClient queue, string messageId, string instanceId, string text, DateTimeOffset due, CancellationToken cancellationToken)
    {
        string bucket = BucketOf(due);
        await EnsureWakeUpAsync(bucket, cancellationToken).ConfigureAwait(false);
        string rowKey = KeyEncoding.Encode(messageId);
        var row = new TableEntity(bucket, rowKey)
        {
            [QueueColumn] = queue.Name,
            [DueColumn] = due,
        };
        await payloads.WriteColumnsAsync(row, TextPrefix, text, instanceId, "t", cancellationToken).ConfigureAwait(false);
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (_parked.Count < MaxTrackedParked)
        {
            _parked[rowKey] = due;
        }
    }

    /// <summary>Recognises a wake-up message; <paramref name="wakeAt"/> is when it is meant to be handled.</summary>
    public static bool IsWakeUp(string text, out string bucket, out DateTimeOffset wakeAt)
    {
        bucket = string.Empty;
        wakeAt = default;
        if (!text.StartsWith(WakeUpPrefix, StringComparison.Ordinal)
            || !DateTimeOffset.TryParseExact(text.AsSpan(WakeUpPrefix.Length), BucketFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset start))
        {
            return false;
        }

        bucket = text[WakeUpPrefix.Length..];
        wakeAt = start - WakeLead;
        return true;
    }

    /// <summary>The parked messages of <paramref name="bucket"/> and earlier buckets, with their queue and encoded text.</summary>
    public async Task<IReadOnlyList<DueMessage>> ReadDueAsync(string bucket, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in Table.QueryAsync<TableEntity>(
            $"PartitionKey le {KeyEncoding.Quote(bucket)}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var due = new List<DueMessage>(rows.Count);
        foreach (TableEntity row in rows)
        {
            string text = await payloads.ReadColumnsAsync(row, TextPrefix, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Parked row '{row.RowKey}' has no message text.");
            string queueName = row.GetString(QueueColumn) ?? string.Empty;
            QueueClient queue = _queuesByName.GetValueOrDefault(queueName)
                ?? throw new InvalidOperationException($"Parked row '{row.RowKey}' names an unknown queue '{queueName}'.");
            due.Add(new DueMessage(new ParkedReceipt(row.PartitionKey, row.RowKey), queue, text, row.GetDateTimeOffset(DueColumn)));
        }

        return due;
    }

    /// <summary>Moves every row of <paramref name="bucket"/> and earlier buckets into its queue; returns how many moved.</summary>
    public async Task<int> MoveDueAsync(string bucket, CancellationToken cancellationToken)
    {
        var due = await ReadDueAsync(bucket, cancellationToken).ConfigureAwait(false);
        await MoveAsync(due, cancellationToken).ConfigureAwait(false);
        _wakeUpsSent.TryRemove(bucket, out _);
        return due.Count;
    }

    /// <summary>Sends parked messages into their queues with the rest of their delay, then deletes their rows.</summary>
    public async Task MoveAsync(IReadOnlyList<DueMessage> due, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (m, ct) =>
            await sendText(m.Queue, m.Text, m.Due, ct).ConfigureAwait(false)).ConfigureAwait(false);

        // Every row is in its queue now: delete them (another host may have moved some meanwhile).
        await TableDeletes.DeleteAllAsync(Table, due.Select(m => new TableEntity(m.Receipt.Bucket, m.Receipt.RowKey)), cancellationToken).ConfigureAwait(false);
        foreach (DueMessage m in due)
        {
            _parked.TryRemove(m.Receipt.RowKey, out _);
        }
    }

    /// <summary>
    /// Sends the bucket's wake-up again, visible after <paramref name="delay"/>: whatever is still parked then (fired in
    /// memory by a process that died before its steps committed) is fired again; the engine drops duplicates.
    /// </summary>
    public Task SendRecheckAsync(string bucket, TimeSpan delay, CancellationToken cancellationToken)
    {
        _wakeUpsSent.TryRemove(bucket, out _);
        return sendText(QueueOf(bucket), WakeUpPrefix + bucket, time.GetUtcNow() + delay, cancellationToken);
    }

    /// <summary>
    /// Deletes the row of a message fired in memory, once the step that consumed it committed. Batched and not awaited:
    /// a row left behind is only fired again by the bucket's re-check and dropped as a duplicate.
    /// </summary>
    public void Forget(ParkedReceipt receipt)
    {
        _parked.TryRemove(receipt.RowKey, out _);
        _ = _deletes.SubmitAsync(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(receipt.Bucket, receipt.RowKey), ETag.All))
            .ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task EnsureWakeUpAsync(string bucket, CancellationToken cancellationToken)
    {
        if (!_wakeUpsSent.TryAdd(bucket, 0))
        {
            return;
        }

        try
        {
            DateTimeOffset start = DateTimeOffset.ParseExact(bucket, BucketFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            await sendText(QueueOf(bucket), WakeUpPrefix + bucket, start - WakeLead, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _wakeUpsSent.TryRemove(bucket, out _);
            throw;
        }
    }

    private QueueClient QueueOf(string bucket) => controlQueues[PartitionHash.Partition(bucket, controlQueues.Count)];

    /// <summary>The bucket (PartitionKey) of a due time: the start of the UTC ten-second slot it falls in.</summary>
    public static string BucketOf(DateTimeOffset due)
    {
        DateTimeOffset utc = due.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % BucketSize.Ticks), TimeSpan.Zero).ToString(BucketFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>A parked message that is due: its row, its queue and its encoded text.</summary>
    public sealed record DueMessage(ParkedReceipt Receipt, QueueClient Queue, string Text, DateTimeOffset? Due);
}
