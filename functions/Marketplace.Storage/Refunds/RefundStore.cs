using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Refunds;

namespace Marketplace.Storage.Refunds;

/// <summary>
/// Refunds in the "Refunds" table: each in a partition of its own (row "refund"), changed under its ETag so two finance
/// approvers deciding at once are applied one after the other. Refunds waiting for finance also have a row in the
/// "pending" partition keyed by request time, oldest first: written before the refund (a crash leaves an index row whose
/// refund is missing, which the list skips), deleted once the refund is decided. "claim~{claimId}" names the claim's latest refund.
/// </summary>
public sealed class RefundStore(TableServiceClient tables, StorageNames names)
{
    private const string PendingPartition = "pending";
    private const int MaxAttempts = 20;
    private readonly TableClient _table = tables.GetTableClient(names.Refunds);

    public async Task<Refund?> GetAsync(string refundId, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(refundId))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<RefundEntity>(refundId, RefundEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.ToRefund() : null;
    }

    /// <summary>Records <paramref name="refund"/> unless it exists (then the stored one is returned: a retried start).</summary>
    public async Task<Refund> CreateAsync(Refund refund, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        // Started again (a retried action, a repair): the stored refund stands, and its queue entry is keyed by its own
        // request time, not by this attempt's, or the queue would list it twice.
        if (await GetAsync(refund.Id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await IndexAsync(existing, cancellationToken).ConfigureAwait(false);
            return existing;
        }

        await IndexAsync(refund, cancellationToken).ConfigureAwait(false);
        try
        {
            await _table.AddEntityAsync(RefundEntity.From(refund), cancellationToken).ConfigureAwait(false);
            return refund;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A concurrent start stored it first, with its own request time: this attempt's queue entry goes.
            var stored = (await GetAsync(refund.Id, cancellationToken).ConfigureAwait(false))!;
            if (PendingKey(stored) != PendingKey(refund))
            {
                await _table.DeleteEntityAsync(PendingPartition, PendingKey(refund), ETag.All, cancellationToken).ConfigureAwait(false);
            }

            return stored;
        }
    }

    // The pending-queue entry (while it waits for finance) and the claim's latest refund, written before the refund itself,
    // so a listed refund always exists or is skipped.
    private async Task IndexAsync(Refund refund, CancellationToken cancellationToken)
    {
        if (refund.State == RefundState.AwaitingApproval)
        {
            await _table.UpsertEntityAsync(
                new TableEntity(PendingPartition, PendingKey(refund)) { ["RefundId"] = refund.Id, ["Marketplace"] = refund.Marketplace },
                TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        await _table.UpsertEntityAsync(new TableEntity(ClaimPartition(refund.ClaimId), "latest") { ["RefundId"] = refund.Id }, TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (a decision, or the payment) under the refund's ETag, deciding again on fresh data
    /// when raced; returns the refund after it and whether it changed. A refund no longer waiting leaves the pending queue.
    /// </summary>
    public Task<(Refund Refund, bool Changed)> UpdateAsync(string refundId, Func<Refund, (Refund Refund, bool Changed)> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return TableQueries.RetryOnConflictAsync(async () =>
        {
            var row = await _table.GetEntityIfExistsAsync<RefundEntity>(refundId, RefundEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = row.HasValue ? row.Value! : throw NotFound(refundId);
            var (after, changed) = change(entity.ToRefund());
            if (changed)
            {
                await _table.UpdateEntityAsync(RefundEntity.From(after), entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            if (after.State is not RefundState.AwaitingApproval)
            {
                try
                {
                    await _table.DeleteEntityAsync(PendingPartition, PendingKey(after), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Already out of the queue (a repeated decision).
                }
            }

            return (after, changed);
        }, MaxAttempts, cancellationToken);
    }

    /// <summary>A page of refunds waiting for finance, oldest first; only <paramref name="marketplace"/>'s when given.</summary>
    public async Task<(IReadOnlyList<Refund> Items, string? NextCursor)> ListPendingAsync(
        string? marketplace, string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var filter = (marketplace, afterRowKey) switch
        {
            (null, null) => TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition}"),
            (null, { } after) => TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and RowKey gt {after}"),
            ({ } m, null) => TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and Marketplace eq {m}"),
            ({ } m, { } after) => TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and RowKey gt {after} and Marketplace eq {m}"),
        };
        var items = new List<Refund>(limit);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Skipped: an index row left by a crash before its refund was written, or one decided since (the delete is next).
            if (await GetAsync(row.GetString("RefundId"), cancellationToken).ConfigureAwait(false) is { State: RefundState.AwaitingApproval } refund)
            {
                items.Add(refund);
                if (items.Count == limit)
                {
                    return (items, row.RowKey);
                }
            }
        }

        return (items, null);
    }

    /// <summary>The id of the claim's latest refund (a claim whose refund was rejected may get another), if it has one.</summary>
    public async Task<string?> LatestForClaimAsync(string claimId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(ClaimPartition(claimId), "latest", cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString("RefundId") : null;
    }

    private static string ClaimPartition(string claimId) => "claim~" + claimId;

    private static string PendingKey(Refund refund) => $"{refund.RequestedAt.UtcTicks:D19}~{refund.Id}";

    private static MessagingException NotFound(string refundId) =>
        new(MessagingError.NotFound, "refund_not_found", $"There is no refund '{refundId}'.");
}
