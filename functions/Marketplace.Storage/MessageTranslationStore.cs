using Azure.Data.Tables;
using Marketplace.Domain.Conversations;
using Marketplace.Storage.Entities;

namespace Marketplace.Storage;

/// <summary>
/// Translations of messages, one row per (message, language), in the conversation's own partition of the Conversations
/// table, so a page of messages finds its translations with one range query beside it.
/// </summary>
public sealed class MessageTranslationStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.Conversations);

    public async Task<MessageTranslation?> GetAsync(string conversationId, long sequence, string language, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            conversationId, RowKeys.Translation(conversationId, sequence, language), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>The translations into <paramref name="language"/> of messages <paramref name="first"/> to <paramref name="last"/>.</summary>
    public async Task<IReadOnlyDictionary<long, MessageTranslation>> ListAsync(
        string conversationId, long first, long last, string language, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {conversationId} and RowKey ge {RowKeys.TranslationsFrom(first)} and RowKey lt {RowKeys.TranslationsFrom(last + 1)} and Language eq {language}");
        var found = new Dictionary<long, MessageTranslation>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var translation = FromEntity(row);
            found[translation.Sequence] = translation;
        }

        return found;
    }

    /// <summary>
    /// Stores translations, up to 100 per transaction (one partition); a second one of the same message and language
    /// replaces the first (they are equivalent).
    /// </summary>
    public async Task SaveAsync(string conversationId, IReadOnlyList<MessageTranslation> translations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(translations);
        foreach (var chunk in translations.Chunk(100))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(conversationId, t))), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static TableEntity ToEntity(string conversationId, MessageTranslation translation) =>
        new(conversationId, RowKeys.Translation(conversationId, translation.Sequence, translation.Language))
        {
            ["Sequence"] = translation.Sequence,
            ["Language"] = translation.Language,
            ["Outcome"] = translation.Outcome.ToString(),
            ["Text"] = translation.Text,
            ["DetectedLanguage"] = translation.DetectedLanguage,
            ["TranslatedAt"] = translation.TranslatedAt,
        };

    private static MessageTranslation FromEntity(TableEntity row) => new(
        row.GetInt64("Sequence") ?? 0, row.GetString("Language") ?? "", Enum.Parse<TranslationOutcome>(row.GetString("Outcome") ?? nameof(TranslationOutcome.Translated)),
        row.GetString("Text"), row.GetString("DetectedLanguage"), row.GetDateTimeOffset("TranslatedAt") ?? default);
}
