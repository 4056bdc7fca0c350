using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Marketplace.Storage.Entities;

namespace Marketplace.Storage;

/// <summary>
/// The admins' queue of held messages across conversations, oldest first. It is a projection: written
/// after the message commits and removed after it is resolved; the message row's status is the truth, so
/// a stale entry is skipped (and removed) when an admin acts on it.
/// </summary>
public sealed class HeldMessageIndex(TableServiceClient tables, StorageNames names)
{
    private const string Partition = "held";

    private readonly TableClient _table = tables.GetTableClient(names.HeldMessages);

    public async Task AddAsync(string marketplace, string conversationId, long sequence, DateTimeOffset heldAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, RowKey(heldAt, conversationId, sequence))
        {
            ["Marketplace"] = marketplace,
            ["ConversationId"] = conversationId,
            ["Sequence"] = sequence,
            ["HeldAt"] = heldAt,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string conversationId, long sequence, DateTimeOffset heldAt, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(Partition, RowKey(heldAt, conversationId, sequence), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already removed by another admin's action.
        }
    }

    /// <summary>Held messages, oldest first, optionally for one marketplace; the cursor is the last row key.</summary>
    public async Task<(IReadOnlyList<(string ConversationId, long Sequence, DateTimeOffset HeldAt)> Items, string? Next)> ListAsync(
        string? marketplace, string? after, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after ?? ""}");
        if (marketplace is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Marketplace eq {marketplace}");
        }

        var items = new List<(string, long, DateTimeOffset)>();
        string? last = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit + 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
            {
                return (items, last);
            }

            items.Add((row.GetString("ConversationId"), row.GetInt64("Sequence") ?? 0, row.GetDateTimeOffset("HeldAt") ?? default));
            last = row.RowKey;
        }

        return (items, null);
    }

    /// <summary>Whether <paramref name="key"/> has the shape of a row key here: 19 digits '~' conversation id '~' 12 digits.</summary>
    public static bool IsRowKey(string key) =>
        key.Length > 33 && key[19] == '~' && key[^13] == '~' && RowKeys.IsPaddedNumber(key.AsSpan(0, 19), 19)
        && RowKeys.IsConversationId(key.AsSpan(20, key.Length - 33)) && RowKeys.IsPaddedNumber(key.AsSpan(key.Length - 12), 12);

    private static string RowKey(DateTimeOffset heldAt, string conversationId, long sequence) =>
        heldAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "~" + conversationId + "~" + sequence.ToString("D12", CultureInfo.InvariantCulture);
}
