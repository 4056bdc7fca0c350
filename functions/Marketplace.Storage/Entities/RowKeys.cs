using System.Globalization;

namespace Marketplace.Storage.Entities;

/// <summary>
/// Row keys inside a conversation's partition. Prefixes keep each kind of row in its own key range, and
/// sequences are zero-padded so key order is message order.
/// </summary>
/// <remarks>
/// The header and message keys end with the conversation id, so no two partitions share a row key. Azure Tables
/// finds a row by partition and row key alike, but Azurite, where every test and benchmark runs, looks a row up by
/// its row key first: a key that every conversation has ("header", the first message's) made each point read and
/// write scan all conversations (a header read took 5.6 ms with 10 000 conversations, a unique key 0.8 ms).
/// </remarks>
internal static class RowKeys
{
    public const string HeaderPrefix = "header~";
    public const string MessagePrefix = "msg-";
    public const string AttachmentPrefix = "att-";
    public const string EventPrefix = "evt-";
    public const string IdempotencyPrefix = "idem-";

    public static string Header(string conversationId) => HeaderPrefix + conversationId;

    public static string Message(string conversationId, long sequence) =>
        $"{MessagePrefix}{sequence.ToString("D12", CultureInfo.InvariantCulture)}~{conversationId}";

    /// <summary>The lowest possible key of the messages after <paramref name="sequence"/> (compare with 'ge').</summary>
    public static string MessagesAfter(long sequence) => MessagePrefix + (sequence + 1).ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>The first key after every message key ('-' + 1 = '.').</summary>
    public const string MessageRangeEnd = "msg.";

    public static string Attachment(string attachmentId) => AttachmentPrefix + attachmentId;

    public static string Event(string eventId) => EventPrefix + eventId;

    public static string Idempotency(string partyId, string key) => $"{IdempotencyPrefix}{partyId}~{key}";
}
