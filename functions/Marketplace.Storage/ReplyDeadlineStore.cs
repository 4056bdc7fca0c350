using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Deadlines;

namespace Marketplace.Storage;

/// <summary>
/// Sellers' reply deadlines (partition: "{marketplace}~{seller}"; row: conversation + first unanswered
/// message), for the open-deadlines list and the response-time metrics. Every write is an idempotent merge,
/// because the activities that make them run at least once.
/// While a deadline is open, a copy of it is kept in the same partition under "~open~" + its row key, written in the same
/// transaction as the record, so the open list reads only the open deadlines, not every deadline the seller ever had
/// ("~" sorts after every conversation id, which starts with its marketplace's name). Deadlines opened before the copies
/// existed are copied the first time the seller's list is read (<see cref="IndexOpenDeadlinesAsync"/>).
/// </summary>
public sealed class ReplyDeadlineStore(TableServiceClient tables, StorageNames names)
{
    private const string OpenPrefix = "~open~";

    /// <summary>Copies' keys run from <see cref="OpenPrefix"/> up to this: every conversation id sorts before "~".</summary>
    private const string OpenPrefixEnd = "~open~~";

    /// <summary>Marks a seller's partition whose older open deadlines were copied; before the copies' range ('-' &lt; '~').</summary>
    private const string IndexedMarker = "~open-indexed";

    private static readonly string[] s_openFields = ["ConversationId", "FirstUnansweredAt", "DueAt", "Breached", "LastNotificationError"];

    private readonly TableClient _table = tables.GetTableClient(names.ReplyDeadlines);

    public Task OpenAsync(string marketplace, string sellerId, string conversationId, DateTimeOffset firstUnansweredAt,
        DateTimeOffset clockStartedAt, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var record = Entity(marketplace, sellerId, conversationId, firstUnansweredAt, new Dictionary<string, object?>
        {
            ["ConversationId"] = conversationId,
            ["FirstUnansweredAt"] = firstUnansweredAt,
            ["ClockStartedAt"] = clockStartedAt,
            ["DueAt"] = dueAt,
            ["Status"] = DeadlineStatus.Open.ToString(),
        });
        return _table.SubmitTransactionAsync(
            [new(TableTransactionActionType.UpsertMerge, record), new(TableTransactionActionType.UpsertMerge, OpenCopy(record))], cancellationToken);
    }

    /// <summary>
    /// Merges <paramref name="changes"/> into the record and its open copy; a status other than open removes the copy. A
    /// deadline without a copy (opened before copies existed, or closed already by an earlier run of the same step) has
    /// only its record written.
    /// </summary>
    public async Task SetAsync(string marketplace, string sellerId, string conversationId, DateTimeOffset firstUnansweredAt,
        IReadOnlyDictionary<string, object?> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var record = Entity(marketplace, sellerId, conversationId, firstUnansweredAt, changes);
        var closes = changes.TryGetValue("Status", out var status) && !Equals(status, DeadlineStatus.Open.ToString());
        var copy = closes
            ? new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(record.PartitionKey, OpenPrefix + record.RowKey), ETag.All)
            : new TableTransactionAction(TableTransactionActionType.UpdateMerge, OpenCopy(record), ETag.All);
        try
        {
            await _table.SubmitTransactionAsync([new(TableTransactionActionType.UpsertMerge, record), copy], cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404 && ex.FailedTransactionActionIndex == 1)
        {
            await _table.UpsertEntityAsync(record, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The seller's open deadlines, soonest due first.</summary>
    public async Task<IReadOnlyList<OpenDeadline>> ListOpenAsync(string marketplace, string sellerId, CancellationToken cancellationToken)
    {
        var partition = Partition(marketplace, sellerId);
        if (!(await _table.GetEntityIfExistsAsync<TableEntity>(partition, IndexedMarker, select: ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue)
        {
            await IndexOpenDeadlinesAsync(partition, cancellationToken).ConfigureAwait(false);
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {OpenPrefix} and RowKey lt {OpenPrefixEnd}");
        var open = new List<OpenDeadline>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            open.Add(new OpenDeadline(
                row.GetString("ConversationId"), row.GetDateTimeOffset("FirstUnansweredAt") ?? default,
                row.GetDateTimeOffset("DueAt") ?? default, row.GetBoolean("Breached") ?? false, row.GetString("LastNotificationError")));
        }

        return [.. open.OrderBy(d => d.DueAt)];
    }

    /// <summary>Deadlines whose clock started since <paramref name="since"/>, as the metrics need them.</summary>
    public async Task<IReadOnlyList<DeadlineRecord>> ListSinceAsync(string marketplace, string sellerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(marketplace, sellerId)} and RowKey lt {"~"} and ClockStartedAt ge {since}");
        var records = new List<DeadlineRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(new DeadlineRecord(
                row.GetString("ConversationId"), row.GetDateTimeOffset("ClockStartedAt") ?? default, row.GetDateTimeOffset("DueAt") ?? default,
                row.GetDateTimeOffset("RepliedAt"), row.GetString("Status") == DeadlineStatus.NoResponseNeeded.ToString()));
        }

        return records;
    }

    /// <summary>
    /// Copies the seller's open deadlines that have no copy yet (opened before copies existed), once: the last scan of the
    /// seller's whole history, then a marker. Each copy is written together with an unchanged merge of its record under the
    /// ETag it was read with, so a deadline closed in the meantime is read again rather than copied back as open.
    /// </summary>
    private async Task IndexOpenDeadlinesAsync(string partition, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {"~"} and Status eq {DeadlineStatus.Open.ToString()}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var current = row;
            for (var attempt = 1; current.GetString("Status") == DeadlineStatus.Open.ToString(); attempt++)
            {
                try
                {
                    await _table.SubmitTransactionAsync(
                        [
                            new(TableTransactionActionType.UpdateMerge, new TableEntity(current.PartitionKey, current.RowKey) { ["Status"] = current.GetString("Status") }, current.ETag),
                            new(TableTransactionActionType.UpsertReplace, OpenCopy(current)),
                        ], cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < 10)
                {
                    var fresh = await _table.GetEntityIfExistsAsync<TableEntity>(current.PartitionKey, current.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (!fresh.HasValue)
                    {
                        break;
                    }

                    current = fresh.Value!;
                }
            }
        }

        await _table.UpsertEntityAsync(new TableEntity(partition, IndexedMarker), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity Entity(string marketplace, string sellerId, string conversationId, DateTimeOffset firstUnansweredAt, IReadOnlyDictionary<string, object?> values)
    {
        var entity = new TableEntity(Partition(marketplace, sellerId), RowKey(conversationId, firstUnansweredAt));
        foreach (var (key, value) in values)
        {
            entity[key] = value;
        }

        return entity;
    }

    /// <summary>What the open list shows of a deadline (of the fields <paramref name="record"/> has), under its copy's key.</summary>
    private static TableEntity OpenCopy(TableEntity record)
    {
        var copy = new TableEntity(record.PartitionKey, OpenPrefix + record.RowKey);
        foreach (var field in s_openFields)
        {
            if (record.TryGetValue(field, out var value))
            {
                copy[field] = value;
            }
        }

        return copy;
    }

    private static string Partition(string marketplace, string sellerId) => $"{marketplace}~{sellerId}";

    private static string RowKey(string conversationId, DateTimeOffset firstUnansweredAt) =>
        conversationId + "~" + firstUnansweredAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>Where a deadline stands.</summary>
public enum DeadlineStatus
{
    Open,
    Answered,
    NoResponseNeeded,
    Unanswered,
}

/// <summary>An open deadline as the seller's list shows it.</summary>
public sealed record OpenDeadline(string ConversationId, DateTimeOffset FirstUnansweredAt, DateTimeOffset DueAt, bool Breached, string? LastNotificationError);
