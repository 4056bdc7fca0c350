using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Templates;

namespace Marketplace.Storage.Templates;

/// <summary>
/// Sellers' automations, in the seller's template partition ("{marketplace}~seller~{seller}", rows "automation-{id}"):
/// an event applied reads the seller's automations there in one query. Every version saved is kept too
/// ("automationv-{id}-{n}", outside the automations' key range), written with the current row in one transaction guarded
/// by its ETag, so a sent message's automation version can be read back after later edits.
/// </summary>
public sealed class AutomationStore(TableServiceClient tables, StorageNames names)
{
    private const string Prefix = "automation-";
    private const string RangeEnd = "automation.";
    private const string VersionPrefix = "automationv-";

    private readonly TableClient _table = tables.GetTableClient(names.MessageTemplates);

    public static string NewId() => "aut-" + Guid.NewGuid().ToString("N");

    public async Task CreateAsync(Automation automation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(automation);
        await _table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, ToEntity(automation)),
                new(TableTransactionActionType.Add, ToEntity(automation, VersionKey(automation.Id, automation.Version))),
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves <paramref name="change"/> applied to the current automation as its next version (its id, owner, creation time
    /// and paused state stay); null when there is no such automation.
    /// </summary>
    public async Task<Automation?> UpdateAsync(
        string marketplace, string sellerId, string id, Func<Automation, Automation> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(marketplace, sellerId), Prefix + id, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (!response.HasValue)
            {
                return null;
            }

            var current = FromEntity(response.Value!);
            var next = change(current) with
            {
                Id = id, Marketplace = marketplace, SellerId = sellerId, Paused = current.Paused, CreatedAt = current.CreatedAt, Version = current.Version + 1,
            };
            try
            {
                await _table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.UpdateReplace, ToEntity(next), response.Value!.ETag),
                        new(TableTransactionActionType.Add, ToEntity(next, VersionKey(id, next.Version))),
                    ],
                    cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another edit, a pause or a resume won: read the automation again and apply the change on top.
            }
        }
    }

    /// <summary>One saved version (the current one also for automations made before versions were kept).</summary>
    public async Task<Automation?> GetVersionAsync(string marketplace, string sellerId, string id, int version, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(marketplace, sellerId), VersionKey(id, version), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (response.HasValue)
        {
            return FromEntity(response.Value!);
        }

        return await GetAsync(marketplace, sellerId, id, cancellationToken).ConfigureAwait(false) is { } current && current.Version == version ? current : null;
    }

    public async Task<Automation?> GetAsync(string marketplace, string sellerId, string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(marketplace, sellerId), Prefix + id, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Automation>> ListAsync(string marketplace, string sellerId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(marketplace, sellerId)} and RowKey ge {Prefix} and RowKey lt {RangeEnd}");
        var automations = new List<Automation>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            automations.Add(FromEntity(row));
        }

        return [.. automations.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>Pauses or resumes; null when there is no such automation.</summary>
    public async Task<Automation?> SetPausedAsync(string marketplace, string sellerId, string id, bool paused, CancellationToken cancellationToken)
    {
        var row = new TableEntity(Partition(marketplace, sellerId), Prefix + id) { ["Paused"] = paused };
        try
        {
            // Merge with ETag "*": updates only an existing row (a missing one is 404, never created half-empty).
            await _table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        return await GetAsync(marketplace, sellerId, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string marketplace, string sellerId, string id, CancellationToken cancellationToken)
    {
        var response = await _table.DeleteEntityAsync(Partition(marketplace, sellerId), Prefix + id, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    private static string Partition(string marketplace, string sellerId) => $"{marketplace}~seller~{sellerId}";

    private static string VersionKey(string id, int version) => $"{VersionPrefix}{id}-{version:D6}";

    private static TableEntity ToEntity(Automation a, string? rowKey = null) => new(Partition(a.Marketplace, a.SellerId), rowKey ?? Prefix + a.Id)
    {
        ["Version"] = a.Version,
        ["AutomationId"] = a.Id,
        ["Marketplace"] = a.Marketplace,
        ["SellerId"] = a.SellerId,
        ["TemplateId"] = a.TemplateId,
        ["Event"] = a.Event,
        ["Delay"] = XmlConvert.ToString(a.Delay),
        ["VariablesJson"] = JsonSerializer.Serialize(a.Variables.ToDictionary(), StorageJsonContext.Default.DictionaryStringString),
        ["Paused"] = a.Paused,
        ["CreatedAt"] = a.CreatedAt,
    };

    private static Automation FromEntity(TableEntity e) => new(
        e.GetString("AutomationId"), e.GetString("Marketplace"), e.GetString("SellerId"), e.GetString("TemplateId"), e.GetString("Event"),
        XmlConvert.ToTimeSpan(e.GetString("Delay") ?? "PT0S"),
        JsonSerializer.Deserialize(e.GetString("VariablesJson") ?? "{}", StorageJsonContext.Default.DictionaryStringString) ?? [],
        e.GetBoolean("Paused") == true, e.GetDateTimeOffset("CreatedAt") ?? default)
    {
        Version = e.GetInt32("Version") ?? 1,
    };
}
