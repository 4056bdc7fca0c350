using Azure.Data.Tables;

namespace Marketplace.Storage;

/// <summary>
/// The webhook event ids we have accepted, per marketplace, so a redelivery is answered as one, each with a hash of the
/// content it was accepted with. Recorded before the event is queued: the insert is the redelivery check, so a
/// redelivery is never queued unless it carries the content first recorded (see <see cref="RecordNewAsync"/>).
/// </summary>
public sealed class WebhookEventLog(TableServiceClient tables, StorageNames names)
{
    /// <summary>Point reads one flush keeps in flight at once.</summary>
    private const int ReadsInFlight = 16;

    /// <summary>An entity-group transaction holds at most 100 entities.</summary>
    private const int RowsPerTransaction = 100;

    /// <summary>The column holding the hash of the content an event was first accepted with.</summary>
    private const string ContentHash = "ContentHash";

    private readonly TableClient _table = tables.GetTableClient(names.WebhookEvents);

    /// <summary>
    /// Which of <paramref name="eventIds"/> were already accepted, each with the content hash it was recorded with (null
    /// for events recorded before hashes were kept): a point read each, in parallel. Not one query for several ids: a
    /// filter "RowKey eq a or RowKey eq b…" is not a key lookup but a scan of the whole partition, and a marketplace's
    /// partition here holds every event it ever sent, so each flush cost more the longer the app ran (with 40,000 events
    /// recorded the intake accepted a fifth of what it did with 2,000).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> AcceptedAmongAsync(string marketplace, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var accepted = new Dictionary<string, string?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            eventIds.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ReadsInFlight, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                var row = await _table.GetEntityIfExistsAsync<TableEntity>(marketplace, id, select: ["RowKey", ContentHash], token).ConfigureAwait(false);
                if (row.HasValue)
                {
                    lock (accepted)
                    {
                        accepted[id] = row.Value!.GetString(ContentHash);
                    }
                }
            }).ConfigureAwait(false);
        return accepted;
    }

    /// <summary>
    /// Records events of one marketplace as accepted, one transaction per 100, and returns those recorded before (earlier
    /// deliveries, or another instance's concurrent one) with the content hash each was first recorded with: the insert
    /// itself is the redelivery check, so a fresh event costs no read. An insert that finds its row fails the whole
    /// transaction; the rest of that transaction's ids are then looked up with point reads, so a burst of redeliveries
    /// costs one failed transaction, not one per redelivery.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> RecordNewAsync(
        string marketplace, IReadOnlyCollection<(string EventId, string EventType, string ContentHash)> events, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var recordedBefore = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in events.DistinctBy(e => e.EventId, StringComparer.Ordinal).Chunk(RowsPerTransaction))
        {
            var pending = chunk.ToList();
            while (pending.Count > 0)
            {
                try
                {
                    await _table.SubmitTransactionAsync(
                        pending.Select(e => new TableTransactionAction(
                            TableTransactionActionType.Add,
                            new TableEntity(marketplace, e.EventId) { ["Type"] = e.EventType, ["AcceptedAt"] = at, [ContentHash] = e.ContentHash })),
                        cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 409)
                {
                    var found = await AcceptedAmongAsync(marketplace, [.. pending.Select(e => e.EventId)], cancellationToken).ConfigureAwait(false);
                    if (ex.FailedTransactionActionIndex is int failed && failed >= 0 && failed < pending.Count && !found.ContainsKey(pending[failed].EventId))
                    {
                        // The insert found its row, which went since: recorded before, with content no longer known.
                        recordedBefore[pending[failed].EventId] = null;
                    }
                    else if (found.Count == 0)
                    {
                        throw; // a conflict that names no row and matches none: not a redelivery, so nothing to drop and retry
                    }

                    foreach (var (id, hash) in found)
                    {
                        recordedBefore[id] = hash;
                    }

                    pending.RemoveAll(e => recordedBefore.ContainsKey(e.EventId));
                }
            }
        }

        return recordedBefore;
    }
}
