using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage;

/// <summary>
/// The webhook event ids we have accepted, per marketplace, so a redelivery is answered without being
/// queued again. Recorded after the event is queued: a crash in between queues it twice, which the
/// conversation partition's own dedupe marker absorbs; recording first could lose an event.
/// </summary>
public sealed class WebhookEventLog(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.WebhookEvents);

    public async Task<bool> WasAcceptedAsync(string marketplace, string eventId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(marketplace, eventId, ["PartitionKey"], cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue;
    }

    public async Task RecordAcceptedAsync(string marketplace, string eventId, string eventType, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(
                new TableEntity(marketplace, eventId) { ["Type"] = eventType, ["AcceptedAt"] = at },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A concurrent delivery of the same event recorded it first.
        }
    }
}
