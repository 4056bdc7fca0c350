using System.Globalization;
using Serverless.DurableTask.AzureStorage.Storage;

namespace Serverless.DurableTask.AzureStorage.Instances;

/// <summary>Row keys inside an instance's partition of the History table.</summary>
/// <remarks>
/// "h-{execution}-{index}" history chunks (one per checkpoint), "o-{guid}" outbox rows, "state" the state row.
/// The state row records how many chunks the current execution has; readers trust exactly chunks 0..n-1.
/// </remarks>
internal static class InstanceRows
{
    public const string State = "state";
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

    public static string ChunkPrefix(string executionId) => $"{HistoryPrefix}{KeyEncoding.Encode(executionId)}-";

    public static string Chunk(string executionId, int index)
        => string.Create(CultureInfo.InvariantCulture, $"{ChunkPrefix(executionId)}{index:D6}");

    public static string NewOutbox() => $"{OutboxPrefix}{Guid.NewGuid():N}";
}
