using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Marketplace.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// The "PoisonReasons" table (with Storage:NamePrefix): one row per message that failed its last delivery,
/// partition = source queue, row = original message id.
/// </summary>
public sealed class PoisonReasonStore(TableServiceClient tables, IOptions<StorageOptions> storage)
{
    public const string BaseTableName = "PoisonReasons";
    private const int MaxErrorMessageLength = 1024;
    private volatile TableClient? _table;

    public string TableName => storage.Value.TableName(BaseTableName);

    /// <summary>The lowercase hex SHA-256 of a message body's UTF-8 text.</summary>
    public static string HashBody(string messageText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageText)));

    public static PoisonReason FromException(string queueName, string functionName, QueueInvocation invocation, Exception exception, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message.Length > MaxErrorMessageLength ? exception.Message[..MaxErrorMessageLength] + "…" : exception.Message;
        return new PoisonReason(queueName, invocation.MessageId, functionName, exception.GetType().FullName ?? exception.GetType().Name,
            message, invocation.DequeueCount, HashBody(invocation.MessageText), now);
    }

    public async Task RecordAsync(PoisonReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var table = await GetTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(reason.QueueName, RowKey(reason.MessageId))
        {
            ["MessageId"] = reason.MessageId,
            ["FunctionName"] = reason.FunctionName,
            ["ErrorType"] = reason.ErrorType,
            ["ErrorMessage"] = reason.ErrorMessage,
            ["DequeueCount"] = reason.DequeueCount,
            ["BodySha256"] = reason.BodySha256,
            ["FailedAt"] = reason.FailedAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reasons recorded for a source queue, latest per body hash.</summary>
    public async Task<IReadOnlyDictionary<string, PoisonReason>> ListByBodyHashAsync(string queueName, CancellationToken cancellationToken)
    {
        var table = await GetTableAsync(cancellationToken).ConfigureAwait(false);
        var byHash = new Dictionary<string, PoisonReason>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == queueName, cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            var reason = ToReason(entity);
            if (!byHash.TryGetValue(reason.BodySha256, out var existing) || existing.FailedAt < reason.FailedAt)
            {
                byHash[reason.BodySha256] = reason;
            }
        }

        return byHash;
    }

    /// <summary>Forgets the reasons for messages with this body (after they are requeued).</summary>
    public async Task DeleteByBodyHashAsync(string queueName, string bodySha256, CancellationToken cancellationToken)
    {
        var table = await GetTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {queueName} and BodySha256 eq {bodySha256}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            try
            {
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone: another admin requeued the same body at the same moment.
            }
        }
    }

    private static PoisonReason ToReason(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("MessageId") ?? entity.RowKey,
        entity.GetString("FunctionName") ?? "",
        entity.GetString("ErrorType") ?? "",
        entity.GetString("ErrorMessage") ?? "",
        entity.GetInt64("DequeueCount") ?? 0,
        entity.GetString("BodySha256") ?? "",
        entity.GetDateTimeOffset("FailedAt") ?? DateTimeOffset.MinValue);

    // Row keys may not contain '/', '\', '#' or '?'; queue message ids are GUIDs, but be safe with any id.
    private static string RowKey(string messageId) =>
        messageId.IndexOfAny(['/', '\\', '#', '?']) < 0 ? messageId : Convert.ToHexString(Encoding.UTF8.GetBytes(messageId));

    private async Task<TableClient> GetTableAsync(CancellationToken cancellationToken)
    {
        if (_table is { } created)
        {
            return created;
        }

        // Creating twice under a race is harmless (CreateIfNotExists); a failure is not cached, so the next call retries.
        var client = tables.GetTableClient(TableName);
        await client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _table = client;
        return client;
    }
}
