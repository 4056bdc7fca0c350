using System.Globalization;
using Serverless.DurableTask.AzureStorage.Storage;

namespace Serverless.DurableTask.AzureStorage.Instances;

/// <summary>Row keys inside an instance's partition of the History table.</summary>
/// <remarks>
/// "h-{execution}-{index}" history chunks (one per checkpoint), "o-{guid}" outbox rows, "state-{partition key}" the
/// state row. Every row key is unique across the table, not only within its partition: storage emulators that index
/// row keys (Azurite) then find a row in O(log n) instead of scanning every instance's "state" row.
/// The state row records how many chunks the current execution has; readers trust exactly chunks 0..n-1.
/// </remarks>
internal static class InstanceRows
{
    public const string StatePrefix = "state-";
    public const string OutboxPrefix = "o-";
    public const string HistoryPrefix = "h-";

    // State row columns (small ones are real columns so queries can filter on them).
    public const string StatusColumn = "Status";
    public const string CreatedAtColumn = "CreatedAt";
    public const string NameColumn = "Name";
    public const string ExecutionIdColumn = "ExecutionId";
    public const string ChunksColumn = "Chunks";

    /// <summary>Space-separated keys of the outbox rows that existed after the last commit (rows deleted since are simply absent).</summary>
    public const string OutboxColumn = "Outbox";
    public const string StateJsonPrefix = "S";
    public const string DataPrefix = "D";
    public const string CountColumn = "Count";

    /// <summary>The state row's key in partition <paramref name="partitionKey"/> (the encoded instance id).</summary>
    public static string State(string partitionKey) => StatePrefix + partitionKey;

    public static string ChunkPrefix(string executionId) => $"{HistoryPrefix}{KeyEncoding.Encode(executionId)}-";

    public static string Chunk(string executionId, int index)
        => string.Create(CultureInfo.InvariantCulture, $"{ChunkPrefix(executionId)}{index:D6}");

    public static string NewOutbox() => $"{OutboxPrefix}{Guid.NewGuid():N}";

    /// <summary>The outbox rows a state row lists.</summary>
    public static string[] OutboxKeys(Azure.Data.Tables.TableEntity stateRow)
        => (stateRow.GetString(OutboxColumn) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
