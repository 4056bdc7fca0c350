using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Templates;

namespace Marketplace.Storage.Templates;

/// <summary>
/// Message templates, one partition per owner ("{marketplace}~marketplace" or "{marketplace}~seller~{seller}"): the
/// current version ("head-{id}"), every version ever saved ("version-{id}-{n}", kept after a delete so a sent message can
/// still be traced to the text it used), and machine translations of a version ("translation-{id}-{n}-{language}",
/// made once). A new version and the head change in one transaction, guarded by the head's ETag.
/// </summary>
public sealed class TemplateStore(TableServiceClient tables, StorageNames names)
{
    private const string HeadPrefix = "head-";
    private const string HeadRangeEnd = "head.";

    private readonly TableClient _table = tables.GetTableClient(names.MessageTemplates);

    public static string NewId() => "tpl-" + Guid.NewGuid().ToString("N");

    public async Task CreateAsync(MessageTemplate template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        await _table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, ToEntity(template, HeadPrefix + template.Id)),
                new(TableTransactionActionType.Add, ToEntity(template, VersionKey(template.Id, template.Version))),
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves <paramref name="change"/> applied to the current version as the next version; null when the template does not exist.</summary>
    public async Task<MessageTemplate?> UpdateAsync(
        string marketplace, string? sellerId, string id, Func<MessageTemplate, MessageTemplate> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var head = await GetEntityAsync(Partition(marketplace, sellerId), HeadPrefix + id, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return null;
            }

            var current = FromEntity(head);
            var next = change(current) with { Id = id, Marketplace = marketplace, SellerId = sellerId, Version = current.Version + 1 };
            try
            {
                await _table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.UpdateReplace, ToEntity(next, HeadPrefix + id), head.ETag),
                        new(TableTransactionActionType.Add, ToEntity(next, VersionKey(id, next.Version))),
                    ],
                    cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another edit won (head changed, or its version row exists): read the new head and apply the change on top.
            }
        }
    }

    public async Task<MessageTemplate?> GetAsync(string marketplace, string? sellerId, string id, CancellationToken cancellationToken) =>
        await GetEntityAsync(Partition(marketplace, sellerId), HeadPrefix + id, cancellationToken).ConfigureAwait(false) is { } e ? FromEntity(e) : null;

    /// <summary>One saved version (also of a deleted template).</summary>
    public async Task<MessageTemplate?> GetVersionAsync(string marketplace, string? sellerId, string id, int version, CancellationToken cancellationToken) =>
        await GetEntityAsync(Partition(marketplace, sellerId), VersionKey(id, version), cancellationToken).ConfigureAwait(false) is { } e ? FromEntity(e) : null;

    /// <summary>The current templates of one owner (the marketplace's, or one seller's), by name.</summary>
    public async Task<IReadOnlyList<MessageTemplate>> ListAsync(string marketplace, string? sellerId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(marketplace, sellerId)} and RowKey ge {HeadPrefix} and RowKey lt {HeadRangeEnd}");
        var templates = new List<MessageTemplate>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            templates.Add(FromEntity(row));
        }

        return [.. templates.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>Removes the template from use; its versions stay for the messages that used them. False when there was none.</summary>
    public async Task<bool> DeleteAsync(string marketplace, string? sellerId, string id, CancellationToken cancellationToken)
    {
        var response = await _table.DeleteEntityAsync(Partition(marketplace, sellerId), HeadPrefix + id, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>A machine translation of a version's body into <paramref name="language"/>, if one was made.</summary>
    public async Task<string?> GetTranslationAsync(MessageTemplate template, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        var row = await GetEntityAsync(Partition(template.Marketplace, template.SellerId), TranslationKey(template, language), cancellationToken)
            .ConfigureAwait(false);
        return row?.GetString("Body");
    }

    public async Task SaveTranslationAsync(MessageTemplate template, string language, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        var row = new TableEntity(Partition(template.Marketplace, template.SellerId), TranslationKey(template, language)) { ["Body"] = body };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static string Partition(string marketplace, string? sellerId) =>
        sellerId is null ? $"{marketplace}~marketplace" : $"{marketplace}~seller~{sellerId}";

    private static string VersionKey(string id, int version) => $"version-{id}-{version:D6}";

    private static string TranslationKey(MessageTemplate t, string language) => $"translation-{t.Id}-{t.Version:D6}-{language}";

    private async Task<TableEntity?> GetEntityAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static TableEntity ToEntity(MessageTemplate t, string rowKey) => new(Partition(t.Marketplace, t.SellerId), rowKey)
    {
        ["TemplateId"] = t.Id,
        ["Marketplace"] = t.Marketplace,
        ["SellerId"] = t.SellerId,
        ["Version"] = t.Version,
        ["Name"] = t.Name,
        ["Reason"] = t.Reason,
        ["Language"] = t.Language,
        ["Body"] = t.Body,
        ["VariablesJson"] = JsonSerializer.Serialize(t.Variables.ToList(), StorageJsonContext.Default.ListTemplateVariable),
        ["TranslationsJson"] = JsonSerializer.Serialize(t.Translations.ToDictionary(), StorageJsonContext.Default.DictionaryStringString),
        ["UpdatedAt"] = t.UpdatedAt,
    };

    private static MessageTemplate FromEntity(TableEntity e) => new(
        e.GetString("TemplateId"), e.GetString("Marketplace"), e.GetString("SellerId"), e.GetInt32("Version") ?? 1, e.GetString("Name"),
        e.GetString("Reason"), e.GetString("Language"), e.GetString("Body"),
        JsonSerializer.Deserialize(e.GetString("VariablesJson") ?? "[]", StorageJsonContext.Default.ListTemplateVariable) ?? [],
        JsonSerializer.Deserialize(e.GetString("TranslationsJson") ?? "{}", StorageJsonContext.Default.DictionaryStringString) ?? [],
        e.GetDateTimeOffset("UpdatedAt") ?? default);
}
