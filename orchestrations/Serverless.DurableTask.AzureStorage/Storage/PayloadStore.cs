using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Serverless.DurableTask.AzureStorage.Storage;

/// <summary>Keeps payloads (JSON text) inline when small and in blobs when large, for table properties and queue messages alike.</summary>
/// <remarks>
/// A table string property holds at most 32K UTF-16 characters, so inline text is split over columns
/// <c>{prefix}0</c>, <c>{prefix}1</c>, ... Text larger than the threshold is uploaded first to a blob (the name is
/// unique, so a transaction that later fails leaves only an orphan blob, which purge removes) and the row stores
/// the name in <c>{prefix}Blob</c>.
/// </remarks>
internal sealed class PayloadStore(BlobContainerClient container, int threshold)
{
    private const int ColumnChars = 30_000;
    private const string BlobReferencePrefix = "blob:";

    public BlobContainerClient Container { get; } = container;

    public async Task WriteColumnsAsync(TableEntity entity, string prefix, string json, string instanceId, string kind, CancellationToken cancellationToken)
    {
        if (Encoding.UTF8.GetByteCount(json) > threshold)
        {
            string blobName = await UploadAsync(instanceId, kind, json, cancellationToken).ConfigureAwait(false);
            entity[prefix + "Blob"] = blobName;
            return;
        }

        for (int i = 0, column = 0; i < json.Length; i += ColumnChars, column++)
        {
            entity[prefix + column.ToString(System.Globalization.CultureInfo.InvariantCulture)] = json.Substring(i, Math.Min(ColumnChars, json.Length - i));
        }
    }

    public async Task<string?> ReadColumnsAsync(TableEntity entity, string prefix, CancellationToken cancellationToken)
    {
        if (entity.GetString(prefix + "Blob") is { } blobName)
        {
            return await DownloadAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        string? first = entity.GetString(prefix + "0");
        if (first is null)
        {
            return null;
        }

        var builder = new StringBuilder(first);
        for (int column = 1; entity.GetString(prefix + column.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } part; column++)
        {
            builder.Append(part);
        }

        return builder.ToString();
    }

    /// <summary>Queue message text: the JSON itself, or "blob:{name}" when it is too large for a queue message.</summary>
    public async Task<string> ToQueueTextAsync(string json, string instanceId, CancellationToken cancellationToken)
    {
        if (Encoding.UTF8.GetByteCount(json) <= threshold)
        {
            return json;
        }

        return BlobReferencePrefix + await UploadAsync(instanceId, "m", json, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> FromQueueTextAsync(string text, CancellationToken cancellationToken)
        => text.StartsWith(BlobReferencePrefix, StringComparison.Ordinal)
            ? await DownloadAsync(text[BlobReferencePrefix.Length..], cancellationToken).ConfigureAwait(false)
            : text;

    public async Task<int> DeleteInstanceBlobsAsync(string instanceId, CancellationToken cancellationToken)
    {
        int deleted = 0;
        await foreach (BlobItem blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = KeyEncoding.BlobFolder(instanceId) + "/" }, cancellationToken).ConfigureAwait(false))
        {
            await Container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        return deleted;
    }

    private async Task<string> UploadAsync(string instanceId, string kind, string json, CancellationToken cancellationToken)
    {
        string name = $"{KeyEncoding.BlobFolder(instanceId)}/{kind}/{Guid.NewGuid():N}.json";
        await Container.UploadBlobAsync(name, BinaryData.FromString(json), cancellationToken).ConfigureAwait(false);
        return name;
    }

    private async Task<string> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> result = await Container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new InvalidOperationException($"Large payload blob '{blobName}' is missing (purged?).", ex);
        }
    }
}
