using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;

namespace Marketplace.BadInput;

/// <summary>
/// Everything in the storage account, counted: every table's rows (keys and timestamps, so updates show too), every
/// queue's messages (visible or not), every container's blobs (names and ETags). The suite's Azurite is private to it,
/// so all of it is the app's.
/// </summary>
public sealed record StorageCensus(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, DateTimeOffset?>> Tables,
    IReadOnlyDictionary<string, int> Queues,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Containers)
{
    public int Rows => Tables.Values.Sum(t => t.Count);

    public int Messages => Queues.Values.Sum();

    public int Blobs => Containers.Values.Sum(c => c.Count);

    public static async Task<StorageCensus> TakeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var tableService = new TableServiceClient(connectionString);
        var tables = new SortedDictionary<string, IReadOnlyDictionary<string, DateTimeOffset?>>(StringComparer.Ordinal);
        await foreach (var table in tableService.QueryAsync(cancellationToken: cancellationToken))
        {
            var rows = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
            var client = tableService.GetTableClient(table.Name);
            // The durable engine renews its partition leases ({hub}Partitions) every few seconds whatever requests come:
            // its rows are counted, their updates are not.
            var leases = table.Name.EndsWith("Partitions", StringComparison.Ordinal);
            await foreach (var row in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Timestamp"], cancellationToken: cancellationToken))
            {
                rows[row.PartitionKey + " | " + row.RowKey] = leases ? null : row.Timestamp;
            }

            tables[table.Name] = rows;
        }

        var queueService = new QueueServiceClient(connectionString);
        var queues = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var queue in queueService.GetQueuesAsync(cancellationToken: cancellationToken))
        {
            var properties = await queueService.GetQueueClient(queue.Name).GetPropertiesAsync(cancellationToken);
            queues[queue.Name] = properties.Value.ApproximateMessagesCount;
        }

        var blobService = new BlobServiceClient(connectionString);
        var containers = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        await foreach (var container in blobService.GetBlobContainersAsync(cancellationToken: cancellationToken))
        {
            var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var blob in blobService.GetBlobContainerClient(container.Name)
                               .GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
            {
                blobs[blob.Name] = blob.Properties.ETag?.ToString() ?? "";
            }

            containers[container.Name] = blobs;
        }

        return new StorageCensus(tables, queues, containers);
    }

    /// <summary>Takes censuses a second apart until two agree (the app is idle), for at most <paramref name="timeout"/>.</summary>
    public static async Task<StorageCensus> SettledAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var previous = await TakeAsync(connectionString, cancellationToken);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var current = await TakeAsync(connectionString, cancellationToken);
            if (current.Differences(previous).Count == 0 || DateTime.UtcNow > deadline)
            {
                return current;
            }

            previous = current;
        }
    }

    /// <summary>What changed since <paramref name="before"/>, one line per table, queue or container; empty if nothing did.</summary>
    public IReadOnlyList<string> Differences(StorageCensus before)
    {
        var lines = new List<string>();
        foreach (var name in Tables.Keys.Union(before.Tables.Keys).Order(StringComparer.Ordinal))
        {
            var now = Tables.GetValueOrDefault(name) ?? new Dictionary<string, DateTimeOffset?>();
            var then = before.Tables.GetValueOrDefault(name) ?? new Dictionary<string, DateTimeOffset?>();
            var added = now.Keys.Except(then.Keys).Order(StringComparer.Ordinal).ToList();
            var removed = then.Keys.Except(now.Keys).Order(StringComparer.Ordinal).ToList();
            var changed = now.Keys.Intersect(then.Keys).Where(k => now[k] != then[k]).Order(StringComparer.Ordinal).ToList();
            if (!before.Tables.ContainsKey(name) || !Tables.ContainsKey(name) || added.Count + removed.Count + changed.Count > 0)
            {
                lines.Add($"table {name}{Created(before.Tables.ContainsKey(name), Tables.ContainsKey(name))}: rows {then.Count} -> {now.Count}"
                    + Sample("added", added) + Sample("removed", removed) + Sample("updated", changed));
            }
        }

        foreach (var name in Queues.Keys.Union(before.Queues.Keys).Order(StringComparer.Ordinal))
        {
            var (then, now) = (before.Queues.GetValueOrDefault(name), Queues.GetValueOrDefault(name));
            if (!before.Queues.ContainsKey(name) || !Queues.ContainsKey(name) || then != now)
            {
                lines.Add($"queue {name}{Created(before.Queues.ContainsKey(name), Queues.ContainsKey(name))}: messages {then} -> {now}");
            }
        }

        foreach (var name in Containers.Keys.Union(before.Containers.Keys).Order(StringComparer.Ordinal))
        {
            var now = Containers.GetValueOrDefault(name) ?? new Dictionary<string, string>();
            var then = before.Containers.GetValueOrDefault(name) ?? new Dictionary<string, string>();
            var added = now.Keys.Except(then.Keys).Order(StringComparer.Ordinal).ToList();
            var removed = then.Keys.Except(now.Keys).Order(StringComparer.Ordinal).ToList();
            var changed = now.Keys.Intersect(then.Keys).Where(k => now[k] != then[k]).Order(StringComparer.Ordinal).ToList();
            if (!before.Containers.ContainsKey(name) || !Containers.ContainsKey(name) || added.Count + removed.Count + changed.Count > 0)
            {
                lines.Add($"container {name}{Created(before.Containers.ContainsKey(name), Containers.ContainsKey(name))}: blobs {then.Count} -> {now.Count}"
                    + Sample("added", added) + Sample("removed", removed) + Sample("updated", changed));
            }
        }

        return lines;
    }

    private static string Created(bool existed, bool exists) => (existed, exists) switch
    {
        (false, true) => " (created)",
        (true, false) => " (deleted)",
        _ => "",
    };

    private static string Sample(string what, List<string> keys) =>
        keys.Count == 0 ? "" : $"; {what} {keys.Count}: {string.Join(", ", keys.Take(3).Select(k => k.Length > 120 ? k[..120] + "…" : k))}{(keys.Count > 3 ? ", …" : "")}";
}
