using System.Globalization;

namespace Marketplace.Storage.Entities;

/// <summary>
/// Row keys inside a conversation's partition. Prefixes keep each kind of row in its own key range, and
/// sequences are zero-padded so key order is message order.
/// </summary>
internal static class RowKeys
{
    public const string Header = "header";
    public const string MessagePrefix = "msg-";
    public const string AttachmentPrefix = "att-";
    public const string EventPrefix = "evt-";
    public const string IdempotencyPrefix = "idem-";

    public static string Message(long sequence) => MessagePrefix + sequence.ToString("D12", CultureInfo.InvariantCulture);

    public static long SequenceOf(string messageRowKey) =>
        long.Parse(messageRowKey.AsSpan(MessagePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The first key after every message key ('-' + 1 = '.').</summary>
    public const string MessageRangeEnd = "msg.";

    public static string Attachment(string attachmentId) => AttachmentPrefix + attachmentId;

    public static string Event(string eventId) => EventPrefix + eventId;

    public static string Idempotency(string partyId, string key) => $"{IdempotencyPrefix}{partyId}~{key}";
}
