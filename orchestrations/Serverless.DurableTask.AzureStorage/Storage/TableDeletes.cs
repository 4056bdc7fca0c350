using Azure;
using Azure.Data.Tables;

namespace Serverless.DurableTask.AzureStorage.Storage;

/// <summary>Deletes rows a partition at a time, up to 100 per entity-group transaction; a row already gone is fine.</summary>
internal static class TableDeletes
{
    private const int MaxPerTransaction = 100;

    public static async Task DeleteAllAsync(TableClient table, IEnumerable<ITableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (ITableEntity[] batch in partition.Chunk(MaxPerTransaction))
            {
                try
                {
                    await table.SubmitTransactionAsync(
                        batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Someone deleted one of them meanwhile, and a transaction is all or nothing: delete the rest one by one.
                    foreach (ITableEntity row in batch)
                    {
                        await DeleteAsync(table, row, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    public static async Task DeleteAsync(TableClient table, ITableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }
}
