using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Storage.Outbox;

namespace Marketplace.Storage.Claims;

/// <summary>
/// Claims in the "Claims" table. Each claim has a partition of its own: its row and one timeline row per transition,
/// written together in one transaction under the claim row's ETag, so two parties acting at once cannot both win (the
/// second decides again on the new state, and the state machine refuses it). Index rows, written before the claim so a
/// listed claim always exists or is skipped: one per order and reason group ("order~…": at most one open claim there),
/// and one per seller, buyer and marketplace, newest first, for the lists.
/// </summary>
public sealed class ClaimStore(TableServiceClient tables, StorageNames names)
{
    private const int MaxAttempts = 20;
    private readonly TableClient _table = tables.GetTableClient(names.Claims);

    public static string ConversationIdOf(string claimId) => "claim~" + claimId;

    /// <summary>The claim whose thread <paramref name="conversationId"/> is, or null for any other conversation.</summary>
    public static string? ClaimIdOfThread(string conversationId) =>
        conversationId is { Length: > 6 } && conversationId.StartsWith("claim~", StringComparison.Ordinal) ? conversationId[6..] : null;

    public async Task<StoredClaim?> GetAsync(string claimId, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(claimId))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<ClaimEntity>(claimId, ClaimEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? new StoredClaim(row.Value!.ToClaim(), row.Value.Description, row.Value.Version) : null;
    }

    /// <summary>
    /// Opens <paramref name="claim"/> unless a claim is already open on its order for the same reason group: then that
    /// claim is returned with <c>Created = false</c> (the same claim id again is the same claim: a retried open).
    /// </summary>
    public async Task<(StoredClaim Claim, bool Created)> OpenAsync(Claim claim, string? description, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var orderKey = OrderPartition(claim.Marketplace, claim.OrderId);
        var group = ReasonGroup(claim.Reason);
        return await TableQueries.RetryOnConflictAsync(async () =>
        {
            var index = await _table.GetEntityIfExistsAsync<TableEntity>(orderKey, group, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (index.HasValue && index.Value!.GetString("ClaimId") is { } openId
                && await GetAsync(openId, cancellationToken).ConfigureAwait(false) is { } open && (openId == claim.Id || !open.Claim.IsFinal))
            {
                return (open, false);
            }

            // Free (never used, its claim final, or left by a crash before its claim was written): take it, conditionally.
            var entry = new TableEntity(orderKey, group) { ["ClaimId"] = claim.Id };
            if (index.HasValue)
            {
                await _table.UpdateEntityAsync(entry, index.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _table.AddEntityAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            var listKey = ListRowKey(claim.OpenedAt, claim.Id);
            foreach (var partition in new[] { SellerPartition(claim.Marketplace, claim.SellerId), BuyerPartition(claim.Marketplace, claim.BuyerId), MarketplacePartition(claim.Marketplace) })
            {
                await _table.UpsertEntityAsync(new TableEntity(partition, listKey) { ["ClaimId"] = claim.Id }, TableUpdateMode.Replace, cancellationToken)
                    .ConfigureAwait(false);
            }

            var opened = new ClaimTimelineEntry(0, ClaimAction.Open, ClaimActor.Buyer, actorId, claim.State, claim.State, claim.OpenedAt, null, null);
            await _table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, ClaimEntity.From(claim, 1, description)),
                    new TableTransactionAction(TableTransactionActionType.Add, TimelineRow(claim.Id, opened)),
                ], cancellationToken).ConfigureAwait(false);
            return (new StoredClaim(claim, description, 1), true);
        }, MaxAttempts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="request"/> through the state machine and records it, or throws the state machine's refusal.
    /// Raced by another writer, it decides again on the claim as that writer left it.
    /// </summary>
    public Task<StoredClaim> ActAsync(string claimId, ClaimRequest request, string actorId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TableQueries.RetryOnConflictAsync(async () =>
        {
            var row = await _table.GetEntityIfExistsAsync<ClaimEntity>(claimId, ClaimEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = row.HasValue ? row.Value! : throw NotFound(claimId);
            var before = entity.ToClaim();
            var after = ClaimStateMachine.Apply(before, request);
            var updated = ClaimEntity.From(after, entity.Version + 1, entity.Description);
            updated.ETag = entity.ETag;
            var entry = new ClaimTimelineEntry(entity.Version, request.Action, request.Actor, actorId, before.State, after.State, request.At,
                request.Amount ?? after.OfferedAmount ?? (after.IsFinal ? after.RefundAmount : null), after.DecisionReason ?? request.Reason);
            await _table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, entity.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, TimelineRow(claimId, entry)),
                ], cancellationToken).ConfigureAwait(false);
            if (after.IsFinal)
            {
                await ReleaseOrderAsync(after, cancellationToken).ConfigureAwait(false);
            }

            return new StoredClaim(after, entity.Description, updated.Version);
        }, MaxAttempts, cancellationToken);
    }

    /// <summary>
    /// Adds a timeline entry that changes no state (a refund's payment), once per action and actor id: a retried call
    /// finds it there and adds nothing.
    /// </summary>
    public async Task RecordOnceAsync(string claimId, ClaimAction action, string actorId, DateTimeOffset at, decimal? amount, string? reason, CancellationToken cancellationToken)
    {
        await TableQueries.RetryOnConflictAsync(async () =>
        {
            if ((await TimelineAsync(claimId, cancellationToken).ConfigureAwait(false)).Any(e => e.Action == action && e.ActorId == actorId))
            {
                return false;
            }

            var row = await _table.GetEntityIfExistsAsync<ClaimEntity>(claimId, ClaimEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = row.HasValue ? row.Value! : throw NotFound(claimId);
            var claim = entity.ToClaim();
            var updated = ClaimEntity.From(claim, entity.Version + 1, entity.Description);
            var entry = new ClaimTimelineEntry(entity.Version, action, ClaimActor.System, actorId, claim.State, claim.State, at, amount, reason);
            await _table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, entity.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, TimelineRow(claimId, entry)),
                ], cancellationToken).ConfigureAwait(false);
            return true;
        }, MaxAttempts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every transition of the claim, oldest first (the first entry is the opening).</summary>
    public async Task<IReadOnlyList<ClaimTimelineEntry>> TimelineAsync(string claimId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {claimId} and RowKey ge {"t~"} and RowKey lt {"t~~"}");
        var entries = new List<ClaimTimelineEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ClaimTimelineEntry(
                row.GetInt32("Sequence") ?? 0, Enum.Parse<ClaimAction>(row.GetString("Action")), Enum.Parse<ClaimActor>(row.GetString("Actor")),
                row.GetString("ActorId"), Enum.Parse<ClaimState>(row.GetString("From")), Enum.Parse<ClaimState>(row.GetString("To")),
                row.GetDateTimeOffset("At") ?? default,
                row.GetString("Amount") is { } amount ? decimal.Parse(amount, CultureInfo.InvariantCulture) : null, row.GetString("Reason")));
        }

        return entries;
    }

    /// <summary>The claim's events for its marketplace after <paramref name="afterPosition"/> (null: from the opening), in order.</summary>
    public async Task<IReadOnlyList<StoredOutboundEvent>> ListEventsAsync(string claimId, string? afterPosition, CancellationToken cancellationToken)
    {
        if (await GetAsync(claimId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return [];
        }

        var timeline = await TimelineAsync(claimId, cancellationToken).ConfigureAwait(false);
        return [.. timeline.Select(entry => ClaimEventData.From(stored.Claim, entry))
            .Where(e => string.CompareOrdinal(e.Position, afterPosition ?? "") > 0)];
    }

    /// <summary>A page of the claims of a seller, a buyer or a marketplace (whichever <paramref name="scope"/> names), newest first.</summary>
    public async Task<(IReadOnlyList<StoredClaim> Items, string? NextCursor)> ListAsync(
        ClaimListScope scope, Func<Claim, bool> include, string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(include);
        var partition = scope.Role switch
        {
            ClaimActor.Seller => SellerPartition(scope.Marketplace, scope.PartyId!),
            ClaimActor.Buyer => BuyerPartition(scope.Marketplace, scope.PartyId!),
            _ => MarketplacePartition(scope.Marketplace),
        };
        var filter = afterRowKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {afterRowKey}");
        var items = new List<StoredClaim>(limit);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // An index row whose claim was never written (a crash in between) is skipped: lists show only claims that exist.
            if (await GetAsync(row.GetString("ClaimId"), cancellationToken).ConfigureAwait(false) is { } claim && include(claim.Claim))
            {
                items.Add(claim);
                if (items.Count == limit)
                {
                    return (items, row.RowKey);
                }
            }
        }

        return (items, null);
    }

    /// <summary>The open claims on an order (at most one per reason group: the order's index rows), in no particular order.</summary>
    public async Task<IReadOnlyList<Claim>> ListOpenOnOrderAsync(string marketplace, string orderId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OrderPartition(marketplace, orderId)}");
        var open = new List<Claim>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // An index row is released when its claim ends, or left by a crash before its claim was written: check both.
            if (await GetAsync(row.GetString("ClaimId"), cancellationToken).ConfigureAwait(false) is { Claim.IsFinal: false } claim)
            {
                open.Add(claim.Claim);
            }
        }

        return open;
    }

    /// <summary>The claims opened on a seller's orders since <paramref name="since"/> (for the claims metrics).</summary>
    public async Task<IReadOnlyList<Claim>> ListOpenedSinceAsync(string marketplace, string sellerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Row keys invert the opening time: everything opened since 'since' sorts before its key.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {SellerPartition(marketplace, sellerId)} and RowKey lt {ListRowKey(since, "~")}");
        var claims = new List<Claim>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (await GetAsync(row.GetString("ClaimId"), cancellationToken).ConfigureAwait(false) is { } claim)
            {
                claims.Add(claim.Claim);
            }
        }

        return claims;
    }

    private async Task ReleaseOrderAsync(Claim closed, CancellationToken cancellationToken)
    {
        var key = OrderPartition(closed.Marketplace, closed.OrderId);
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(key, ReasonGroup(closed.Reason), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (index.HasValue && index.Value!.GetString("ClaimId") == closed.Id)
        {
            try
            {
                await _table.DeleteEntityAsync(index.Value, index.Value.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Already released, or taken by a newer claim: either way not ours to delete.
            }
        }
    }

    private static TableEntity TimelineRow(string claimId, ClaimTimelineEntry entry) => new(claimId, $"t~{entry.Sequence:D6}")
    {
        ["Sequence"] = entry.Sequence,
        ["Action"] = entry.Action.ToString(),
        ["Actor"] = entry.Actor.ToString(),
        ["ActorId"] = entry.ActorId,
        ["From"] = entry.From.ToString(),
        ["To"] = entry.To.ToString(),
        ["At"] = entry.At,
        ["Amount"] = entry.Amount?.ToString(CultureInfo.InvariantCulture),
        ["Reason"] = entry.Reason,
    };

    // One open claim per order for "not received", one for problems with the item (and remorse) that arrived.
    private static string ReasonGroup(ClaimReason reason) => reason == ClaimReason.NotReceived ? "not_received" : "item";

    private static string OrderPartition(string marketplace, string orderId) => $"order~{marketplace}~{orderId}";

    private static string SellerPartition(string marketplace, string sellerId) => $"seller~{marketplace}~{sellerId}";

    private static string BuyerPartition(string marketplace, string buyerId) => $"buyer~{marketplace}~{buyerId}";

    private static string MarketplacePartition(string marketplace) => $"marketplace~{marketplace}";

    // Newest first: row keys ascend, so the opening time is inverted.
    private static string ListRowKey(DateTimeOffset openedAt, string claimId) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - openedAt.UtcTicks:D19}~{claimId}";

    private static MessagingException NotFound(string claimId) =>
        new(MessagingError.NotFound, "claim_not_found", $"There is no claim '{claimId}'.");
}
