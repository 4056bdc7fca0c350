namespace Marketplace.Storage;

/// <summary>
/// What makes a write idempotent: a marketplace event id, or a caller's Idempotency-Key. Recorded in the
/// conversation's partition in the same transaction as the write, with <see cref="Fingerprint"/> (a hash of the request
/// it answered) if there is one, so that the key reused for another request can be told from a retry.
/// </summary>
public sealed record Deduplication(string RowKey, string? Fingerprint = null)
{
    public static Deduplication ForEvent(string eventId) => new(Entities.RowKeys.Event(eventId));

    public static Deduplication ForIdempotencyKey(string partyId, string key, string? fingerprint = null) =>
        new(Entities.RowKeys.Idempotency(partyId, key), fingerprint);
}
