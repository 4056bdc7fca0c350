using System.Globalization;
using Azure.Data.Tables;

namespace Marketplace.Storage.Outbox;

/// <summary>
/// Outbox rows inside a conversation's partition: "out-{version}-{n}~{conversationId}", where version is the conversation's
/// version after the change, so key order is commit order (the header's ETag serialises changes). The key ends with the
/// conversation id for the reason <c>RowKeys</c> gives (Azurite finds rows by row key first).
/// </summary>
internal static class OutboxRows
{
    public const string Prefix = "out-";

    /// <summary>The first key after every outbox key ('-' + 1 = '.').</summary>
    public const string RangeEnd = "out.";

    public static string Position(long version, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{version:D12}-{index:D2}");

    public static TableEntity Create(string conversationId, long version, int index, OutboundEvent e) =>
        new(conversationId, $"{Prefix}{Position(version, index)}~{conversationId}")
        {
            ["Type"] = e.Type,
            ["OccurredAt"] = e.OccurredAt,
            ["Data"] = e.DataJson,
        };

    /// <summary>The lowest key after <paramref name="position"/> (compare with 'gt'); the range start when there is none.</summary>
    public static string After(string? position) => position is { Length: > 0 } ? $"{Prefix}{position}~\uffff" : Prefix;

    public static StoredOutboundEvent Read(TableEntity row)
    {
        var position = row.RowKey[Prefix.Length..row.RowKey.IndexOf('~', StringComparison.Ordinal)];
        return new StoredOutboundEvent(
            position, new OutboundEvent(row.GetString("Type"), row.GetDateTimeOffset("OccurredAt") ?? default, row.GetString("Data")));
    }
}
