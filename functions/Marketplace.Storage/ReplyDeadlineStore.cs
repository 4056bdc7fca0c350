using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Deadlines;

namespace Marketplace.Storage;

/// <summary>
/// Sellers' reply deadlines (partition: "{marketplace}~{seller}"; row: conversation + first unanswered
/// message), for the open-deadlines list and the response-time metrics. Every write is an idempotent merge,
/// because the activities that make them run at least once.
/// </summary>
public sealed class ReplyDeadlineStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.ReplyDeadlines);

    public Task OpenAsync(string marketplace, string sellerId, string conversationId, DateTimeOffset firstUnansweredAt,
        DateTimeOffset clockStartedAt, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        MergeAsync(marketplace, sellerId, conversationId, firstUnansweredAt, new Dictionary<string, object?>
        {
            ["ConversationId"] = conversationId,
            ["FirstUnansweredAt"] = firstUnansweredAt,
            ["ClockStartedAt"] = clockStartedAt,
            ["DueAt"] = dueAt,
            ["Status"] = DeadlineStatus.Open.ToString(),
        }, cancellationToken);

    public Task SetAsync(string marketplace, string sellerId, string conversationId, DateTimeOffset firstUnansweredAt,
        IReadOnlyDictionary<string, object?> changes, CancellationToken cancellationToken) =>
        MergeAsync(marketplace, sellerId, conversationId, firstUnansweredAt, changes, cancellationToken);

    /// <summary>The seller's open deadlines, soonest due first.</summary>
    public async Task<IReadOnlyList<OpenDeadline>> ListOpenAsync(string marketplace, string sellerId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(marketplace, sellerId)} and Status eq {DeadlineStatus.Open.ToString()}");
        var open = new List<OpenDeadline>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            open.Add(new OpenDeadline(
                row.GetString("ConversationId"), row.GetDateTimeOffset("FirstUnansweredAt") ?? default,
                row.GetDateTimeOffset("DueAt") ?? default, row.GetBoolean("Breached") ?? false, row.GetString("LastNotificationError")));
        }

        return [.. open.OrderBy(d => d.DueAt)];
    }

    /// <summary>Deadlines whose clock started since <paramref name="since"/>, as the metrics need them.</summary>
    public async Task<IReadOnlyList<DeadlineRecord>> ListSinceAsync(string marketplace, string sellerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(marketplace, sellerId)} and ClockStartedAt ge {since}");
        var records = new List<DeadlineRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(new DeadlineRecord(
                row.GetString("ConversationId"), row.GetDateTimeOffset("ClockStartedAt") ?? default, row.GetDateTimeOffset("DueAt") ?? default,
                row.GetDateTimeOffset("RepliedAt"), row.GetString("Status") == DeadlineStatus.NoResponseNeeded.ToString()));
        }

        return records;
    }

    private async Task MergeAsync(string marketplace, string sellerId, string conversationId, DateTimeOffset firstUnansweredAt,
        IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(marketplace, sellerId), RowKey(conversationId, firstUnansweredAt));
        foreach (var (key, value) in values)
        {
            entity[key] = value;
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static string Partition(string marketplace, string sellerId) => $"{marketplace}~{sellerId}";

    private static string RowKey(string conversationId, DateTimeOffset firstUnansweredAt) =>
        conversationId + "~" + firstUnansweredAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>Where a deadline stands.</summary>
public enum DeadlineStatus
{
    Open,
    Answered,
    NoResponseNeeded,
    Unanswered,
}

/// <summary>An open deadline as the seller's list shows it.</summary>
public sealed record OpenDeadline(string ConversationId, DateTimeOffset FirstUnansweredAt, DateTimeOffset DueAt, bool Breached, string? LastNotificationError);
