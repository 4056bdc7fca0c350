using Azure.Data.Tables;

namespace Marketplace.Storage;

/// <summary>Small helpers shared by the stores' table queries and retry loops.</summary>
internal static class TableQueries
{
    /// <summary>
    /// Up to <paramref name="limit"/> rows matching <paramref name="filter"/>, in key order, and whether more
    /// follow (one extra row is read to know, so a last page never needs an empty follow-up request).
    /// </summary>
    public static async Task<(List<T> Rows, bool HasMore)> TakeAsync<T>(
        this TableClient table, string filter, int limit, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        var rows = new List<T>(limit + 1);
        await foreach (var row in table.QueryAsync<T>(filter, maxPerPage: limit + 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count > limit)
            {
                rows.RemoveAt(limit);
                return (rows, true);
            }
        }

        return (rows, false);
    }

    /// <summary>A short random pause before retrying an ETag conflict, growing with the attempt, so racing writers spread out.</summary>
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);

    /// <summary>
    /// Runs a read → decide → conditional write <paramref name="attempt"/> again when another writer got there first (412 on
    /// the ETag, 409 on an insert), up to <paramref name="maxAttempts"/> times: the next attempt decides on fresh data.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(Func<Task<T>> attempt, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var attempts = 1; ; attempts++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 412 or 409 && attempts < maxAttempts)
            {
                await BackOffAsync(attempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
