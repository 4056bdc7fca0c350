using System.Globalization;
using Azure.Data.Tables;
using Marketplace.Storage.Entities;

namespace Marketplace.Storage;

/// <summary>Records every privileged read of a conversation (partition: the conversation; newest first).</summary>
public sealed class AdminAuditLog(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.AdminAudit);

    public async Task RecordAsync(string conversationId, string readerRole, string readerId, string action, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "~" + Guid.NewGuid().ToString("N");
        await _table.AddEntityAsync(
            new AuditEntity { PartitionKey = conversationId, RowKey = rowKey, ReaderRole = readerRole, ReaderId = readerId, Action = action, At = at },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntity>> ListAsync(string conversationId, int limit, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntity>();
        await foreach (var entry in _table.QueryAsync<AuditEntity>(e => e.PartitionKey == conversationId, maxPerPage: limit, cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            entries.Add(entry);
            if (entries.Count == limit)
            {
                break;
            }
        }

        return entries;
    }
}
