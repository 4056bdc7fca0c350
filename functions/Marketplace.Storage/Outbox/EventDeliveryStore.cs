using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage.Outbox;

/// <summary>
/// Delivery progress per event stream in the "EventDeliveries" table: partition = marketplace, row = stream (unique across
/// marketplaces, since stream ids contain the marketplace), so an admin lists one marketplace's streams in one query.
/// </summary>
public sealed class EventDeliveryStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.EventDeliveries);

    public async Task<EventDeliveryState> GetAsync(string marketplace, string stream, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(marketplace, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : new EventDeliveryState(marketplace, stream);
    }

    /// <summary>
    /// Saves <paramref name="state"/> if nobody else saved the stream since it was read, and returns it with its new ETag;
    /// null if somebody did.
    /// </summary>
    public async Task<EventDeliveryState?> TrySaveAsync(EventDeliveryState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var row = new TableEntity(state.Marketplace, state.Stream)
        {
            ["DeliveredThrough"] = state.DeliveredThrough,
            ["DeliveredCount"] = state.DeliveredCount,
            ["Attempts"] = state.Attempts,
            ["LastError"] = state.LastError,
            ["LastAttemptAt"] = state.LastAttemptAt,
            ["NextAttemptAt"] = state.NextAttemptAt,
            ["DeadLettered"] = state.DeadLettered,
        };
        try
        {
            var response = state.ETag == default
                ? await _table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                : await _table.UpdateEntityAsync(row, state.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return state with { ETag = response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.") };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>A page of a marketplace's streams, in stream order; with <paramref name="failingOnly"/>, those retrying or dead-lettered.</summary>
    public async Task<(IReadOnlyList<EventDeliveryState> Items, string? NextCursor)> ListAsync(
        string marketplace, bool failingOnly, string? afterStream, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {marketplace} and RowKey gt {afterStream ?? ""}");
        if (failingOnly)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Attempts gt {0}");
        }

        var (rows, hasMore) = await _table.TakeAsync<TableEntity>(filter, limit, cancellationToken).ConfigureAwait(false);
        var items = rows.ConvertAll(Read);
        return (items, hasMore ? items[^1].Stream : null);
    }

    private static EventDeliveryState Read(TableEntity row) => new(row.PartitionKey, row.RowKey)
    {
        DeliveredThrough = row.GetString("DeliveredThrough"),
        DeliveredCount = row.GetInt64("DeliveredCount") ?? 0,
        Attempts = row.GetInt32("Attempts") ?? 0,
        LastError = row.GetString("LastError"),
        LastAttemptAt = row.GetDateTimeOffset("LastAttemptAt"),
        NextAttemptAt = row.GetDateTimeOffset("NextAttemptAt"),
        DeadLettered = row.GetBoolean("DeadLettered") ?? false,
        ETag = row.ETag,
    };
}
