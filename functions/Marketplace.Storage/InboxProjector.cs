using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Storage.Entities;

namespace Marketplace.Storage;

/// <summary>
/// Keeps the buyer's and the seller's inbox rows in step with a conversation's header. A row is only
/// replaced by a newer header version, so writers finishing out of order never roll an inbox back, and
/// projecting the same header twice is harmless: this is also how an inbox is repaired. A row this process wrote last is
/// replaced under that write's ETag without being read again (<see cref="LastCommitted{T}"/>), and rows of one inbox
/// waiting at once are written together (InboxProjector.Batching.cs).
/// </summary>
public sealed partial class InboxProjector(TableServiceClient tables, StorageNames names, LastCommitted<InboxEntity> written)
{
    private const int MaxAttempts = 20;

    private readonly TableClient _table = tables.GetTableClient(names.Inbox);

    /// <summary>
    /// Returns once both rows show <paramref name="conversation"/> or a newer version of it. A caller that gives up still
    /// has its rows written with the others waiting.
    /// </summary>
    public Task ProjectAsync(Conversation conversation, CancellationToken cancellationToken) =>
        Task.WhenAll(
            WriteAsync(Project(conversation, PartyRole.Buyer)).WaitAsync(cancellationToken),
            WriteAsync(Project(conversation, PartyRole.Seller)).WaitAsync(cancellationToken));

    /// <summary>
    /// When each of a seller's order conversations since <paramref name="since"/> was created (orders received). Row keys
    /// invert the creation time, so only the rows since then are read, not the seller's whole history.
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> OrdersSinceAsync(string marketplace, string sellerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var partition = InboxEntity.PartitionFor(nameof(PartyRole.Seller), marketplace, sellerId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey lt {InboxEntity.RowKeyFor(since, "~")} and Kind eq {nameof(ConversationKind.Order)} and CreatedAt ge {since}");
        var orders = new List<DateTimeOffset>();
        await foreach (var row in _table.QueryAsync<InboxEntity>(filter, select: [nameof(InboxEntity.CreatedAt)], cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            orders.Add(row.CreatedAt);
        }

        return orders;
    }

    /// <summary>One party's inbox, newest conversation first, optionally filtered.</summary>
    public async Task<PagedList<InboxEntry>> ListAsync(
        PartyRole role, string marketplace, string partyId, InboxFilter filter, string? afterRowKey, int limit,
        CancellationToken cancellationToken, InboxCriteria? criteria = null)
    {
        var partition = InboxEntity.PartitionFor(role.ToString(), marketplace, partyId);
        var after = afterRowKey ?? "";
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}")
            + Conditions(filter, criteria ?? InboxCriteria.None);

        var (rows, hasMore) = await _table.TakeAsync<InboxEntity>(query, limit, cancellationToken).ConfigureAwait(false);
        return new PagedList<InboxEntry>(
            [.. rows.Select(r => r.ToInboxEntry())], hasMore ? Cursor.Encode(rows[^1].RowKey) : null);
    }

    /// <summary>
    /// A marketplace's conversations across its sellers (their inbox rows): one seller's newest first when
    /// <paramref name="sellerId"/> is given, otherwise seller by seller (in id order), each newest first. The cursor holds the
    /// seller and row of the last one seen, so paging never skips or repeats.
    /// </summary>
    public async Task<PagedList<(string SellerId, InboxEntry Entry)>> ListMarketplaceAsync(
        string marketplace, string? sellerId, InboxFilter filter, InboxCriteria criteria, string? afterSellerId, string? afterRowKey, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var sellers = InboxEntity.PartitionFor(nameof(PartyRole.Seller), marketplace, "");
        string range;
        if (sellerId is not null)
        {
            var partition = sellers + sellerId;
            range = afterSellerId is null || afterSellerId == sellerId
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {afterRowKey ?? ""}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {"~"}"); // another seller's cursor: nothing
        }
        else
        {
            // Ids are letters, digits and "-_.:", all before "~": every seller's partition sorts between these two.
            var end = sellers + "~";
            range = afterSellerId is null
                ? TableClient.CreateQueryFilter($"PartitionKey gt {sellers} and PartitionKey lt {end}")
                : TableClient.CreateQueryFilter(
                    $"((PartitionKey eq {sellers + afterSellerId} and RowKey gt {afterRowKey}) or (PartitionKey gt {sellers + afterSellerId} and PartitionKey lt {end}))");
        }

        var (rows, hasMore) = await _table.TakeAsync<InboxEntity>(range + Conditions(filter, criteria), limit, cancellationToken).ConfigureAwait(false);
        var items = rows.ConvertAll(r => (r.PartitionKey[sellers.Length..], r.ToInboxEntry()));
        return new PagedList<(string, InboxEntry)>(
            items, hasMore ? Cursor.Encode(rows[^1].PartitionKey[sellers.Length..] + "~" + rows[^1].RowKey) : null);
    }

    private static string Conditions(InboxFilter filter, InboxCriteria criteria)
    {
        var conditions = filter switch
        {
            InboxFilter.AwaitingMyReply => " and AwaitingMyReply eq true",
            InboxFilter.Unread => " and Unread gt 0",
            _ => "",
        };
        if (criteria.CounterpartId is { } counterpart)
        {
            conditions += " and " + TableClient.CreateQueryFilter($"CounterpartId eq {counterpart}");
        }

        if (criteria.CreatedFrom is { } from)
        {
            conditions += " and " + TableClient.CreateQueryFilter($"CreatedAt ge {from}");
        }

        if (criteria.CreatedTo is { } to)
        {
            conditions += " and " + TableClient.CreateQueryFilter($"CreatedAt lt {to}");
        }

        return conditions;
    }

    /// <summary>Writes one row on its own, unless the row already shows this version or a newer one.</summary>
    private async Task WriteAloneAsync(InboxEntity projected, CancellationToken cancellationToken)
    {
        var key = Key(projected);
        if (written.TryGet(key, out var last))
        {
            // The row was at least at the version this process last wrote (versions only grow), so an older or equal
            // header has nothing to add; a newer one replaces it under that write's ETag, without reading it first.
            if (last.Value.HeaderVersion >= projected.HeaderVersion)
            {
                return;
            }

            try
            {
                var replaced = await _table.UpdateEntityAsync(projected, last.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                Remember(key, projected, replaced);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                written.Remove(key); // someone else wrote (or removed) the row since: decide from a fresh read
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            var existing = await _table.GetEntityIfExistsAsync<InboxEntity>(
                projected.PartitionKey, projected.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    Remember(key, projected, await _table.AddEntityAsync(projected, cancellationToken).ConfigureAwait(false));
                }
                else if (existing.Value!.HeaderVersion < projected.HeaderVersion)
                {
                    Remember(key, projected, await _table.UpdateEntityAsync(projected, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken)
                        .ConfigureAwait(false));
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone projected this row between our read and write; compare versions again.
            }
        }
    }

    private static string Key(InboxEntity row) => row.PartitionKey + "/" + row.RowKey;

    private void Remember(string key, InboxEntity row, Response response)
    {
        if (response.Headers.ETag is { } etag)
        {
            written.Set(key, row, etag);
        }
    }

    private static InboxEntity Project(Conversation c, PartyRole role) => new()
    {
        PartitionKey = InboxEntity.PartitionFor(role.ToString(), c.Marketplace, c.PartyId(role)),
        RowKey = InboxEntity.RowKeyFor(c.CreatedAt, c.Id),
        ConversationId = c.Id,
        Marketplace = c.Marketplace,
        Kind = c.Kind.ToString(),
        OrderId = c.OrderId,
        ListingId = c.ListingId,
        CounterpartId = c.PartyId(ConversationSummary.Other(role)),
        OrderStatus = c.OrderStatus.ToString(),
        CreatedAt = c.CreatedAt,
        MessageCount = c.Summary.MessageCount,
        LastMessageAt = c.Summary.LastMessageAt,
        LastMessagePreview = c.Summary.LastMessagePreview,
        Unread = c.Summary.UnreadFor(role),
        AwaitingMyReply = c.Summary.AwaitingReplyFrom == role,
        AwaitingReplySince = c.Summary.AwaitingReplyFrom == role ? c.Summary.AwaitingReplySince : null,
        HeaderVersion = c.Summary.Version,
    };
}

/// <summary>Narrows an inbox listing: the other party (a seller's buyer, a buyer's seller) and when conversations began ([from, to)).</summary>
public sealed record InboxCriteria(string? CounterpartId = null, DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null)
{
    public static InboxCriteria None { get; } = new();
}
