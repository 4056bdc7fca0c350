namespace Marketplace.Storage;

/// <summary>
/// What makes a write idempotent: a marketplace event id, or a caller's Idempotency-Key. Recorded in the
/// conversation's partition in the same transaction as the write.
/// </summary>
public sealed record Deduplication(string RowKey)
{
    public static Deduplication ForEvent(string eventId) => new(Entities.RowKeys.Event(eventId));

    public static Deduplication ForIdempotencyKey(string partyId, string key) => new(Entities.RowKeys.Idempotency(partyId, key));
}
