using Azure.Data.Tables;

namespace Marketplace.Storage;

/// <summary>
/// The webhook event ids we have accepted, per marketplace, so a redelivery is answered without being
/// queued again. Recorded after the event is queued: a crash in between queues it twice, which the
/// conversation partition's own dedupe marker absorbs; recording first could lose an event.
/// </summary>
public sealed class WebhookEventLog(TableServiceClient tables, StorageNames names)
{
    /// <summary>Azure Tables allows 15 comparisons in one filter: the partition's and 14 ids.</summary>
    private const int IdsPerQuery = 14;

    /// <summary>An entity-group transaction holds at most 100 entities.</summary>
    private const int RowsPerTransaction = 100;

    private readonly TableClient _table = tables.GetTableClient(names.WebhookEvents);

    /// <summary>Which of <paramref name="eventIds"/> were already accepted: one query per 14 ids instead of a read each.</summary>
    public async Task<IReadOnlySet<string>> AcceptedAmongAsync(string marketplace, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var queries = eventIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery).Select(async ids =>
        {
            var anyOf = string.Join(" or ", ids.Select(id => TableClient.CreateQueryFilter($"RowKey eq {id}")));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {marketplace}") + $" and ({anyOf})";
            var found = new List<string>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(row.RowKey);
            }

            return found;
        });
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var found in await Task.WhenAll(queries).ConfigureAwait(false))
        {
            accepted.UnionWith(found);
        }

        return accepted;
    }

    /// <summary>
    /// Records many accepted events of one marketplace in one transaction per 100. An upsert, not an insert: a concurrent
    /// delivery of the same event (another instance) may have recorded it first, and one such row must not fail the rest.
    /// </summary>
    public async Task RecordAcceptedAsync(
        string marketplace, IReadOnlyCollection<(string EventId, string EventType)> events, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var chunk in events.DistinctBy(e => e.EventId, StringComparer.Ordinal).Chunk(RowsPerTransaction))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(marketplace, e.EventId) { ["Type"] = e.EventType, ["AcceptedAt"] = at })),
                cancellationToken).ConfigureAwait(false);
        }
    }
}
