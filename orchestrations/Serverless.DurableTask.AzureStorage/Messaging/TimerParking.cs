using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage.Messaging;

/// <summary>
/// Parks far-off delayed messages (timers, scheduled starts) in the <c>{hub}Timers</c> table and moves them into
/// their queue shortly before they are due, so a queue holds only what is due soon.
/// </summary>
/// <remarks>
/// <para>Why: a queue service pays per stored message on some implementations (Azurite rebuilds its message indexes
/// on every receive and delete: at 10,000 waiting messages an empty receive costs 60 ms, at 100,000 about a second),
/// and an idle wait of 24 hours or 10 days should cost nothing but a table row.</para>
/// <para>Rows are grouped in ten-second buckets (PartitionKey <c>yyyyMMddHHmmss</c>, RowKey the message id): small
/// buckets keep what a wake-up moves into the queues small, even when thousands of timers are due the same minute. Parking
/// first makes sure a <em>wake-up</em> message for the bucket is in the control queue, visible <see cref="WakeLead"/>
/// before the bucket starts (chained beyond the queue's 7-day limit like any delayed message); then it writes the row.
/// Handling a wake-up moves every row of that bucket and of any earlier one into its queue with the rest of its delay,
/// then deletes the rows. Both steps are at-least-once: a message moved twice is dropped as a duplicate by the engine.
/// A wake-up always lands after every park into its bucket: parking needs more than <see cref="MinimumHorizon"/> left,
/// the wake-up fires at most <see cref="BucketSize"/> + <see cref="WakeLead"/> before the due time.</para>
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
    private readonly ConcurrentDictionary<string, DateTimeOffset> _parked = new(StringComparer.Ordinal);

    public TableClient Table { get; } = table;

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

    /// <summary>Moves every row of <paramref name="bucket"/> and earlier buckets into its queue; returns how many moved.</summary>
    public async Task<int> MoveDueAsync(string bucket, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in Table.QueryAsync<TableEntity>(
            $"PartitionKey le {KeyEncoding.Quote(bucket)}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            string text = await payloads.ReadColumnsAsync(row, TextPrefix, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Parked row '{row.RowKey}' has no message text.");
            string queueName = row.GetString(QueueColumn) ?? string.Empty;
            QueueClient queue = _queuesByName.GetValueOrDefault(queueName)
                ?? throw new InvalidOperationException($"Parked row '{row.RowKey}' names an unknown queue '{queueName}'.");
            await sendText(queue, text, row.GetDateTimeOffset(DueColumn), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // Every row is in its queue now: delete them (another host may have moved some meanwhile).
        await TableDeletes.DeleteAllAsync(Table, rows, cancellationToken).ConfigureAwait(false);

        foreach (TableEntity row in rows)
        {
            _parked.TryRemove(row.RowKey, out _);
        }

        _wakeUpsSent.TryRemove(bucket, out _);
        return rows.Count;
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
            QueueClient queue = controlQueues[PartitionHash.Partition(bucket, controlQueues.Count)];
            await sendText(queue, WakeUpPrefix + bucket, start - WakeLead, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _wakeUpsSent.TryRemove(bucket, out _);
            throw;
        }
    }

    /// <summary>The bucket (PartitionKey) of a due time: the start of the UTC ten-second slot it falls in.</summary>
    public static string BucketOf(DateTimeOffset due)
    {
        DateTimeOffset utc = due.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % BucketSize.Ticks), TimeSpan.Zero).ToString(BucketFormat, CultureInfo.InvariantCulture);
    }
}
