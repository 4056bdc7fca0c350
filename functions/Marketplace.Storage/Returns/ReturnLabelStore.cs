using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Marketplace.Storage.Returns;

/// <summary>
/// A claim's return label in Blob Storage ("{claimId}"), with its tracking number and where it came from (generated, or
/// posted by the marketplace) as metadata. A marketplace's label replaces a generated one; a generated one never replaces
/// anything (the upload is conditional on no blob).
/// </summary>
public sealed class ReturnLabelStore(BlobServiceClient blobs, StorageNames names)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.ReturnLabelsContainer);

    /// <summary>Stores a label; with <paramref name="replace"/> false, keeps any label already there (false returned).</summary>
    public async Task<bool> SaveAsync(string claimId, byte[] content, string contentType, string trackingNumber, string source, bool replace,
        CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { ["tracking"] = trackingNumber, ["source"] = source },
            Conditions = replace ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await _container.GetBlobClient(claimId).UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<bool> ExistsAsync(string claimId, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(claimId).ExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The label's bytes, media type and tracking number; null when the claim has none.</summary>
    public async Task<(byte[] Content, string ContentType, string TrackingNumber)?> GetAsync(string claimId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _container.GetBlobClient(claimId).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var details = result.Value.Details;
            return (result.Value.Content.ToArray(), details.ContentType, details.Metadata.TryGetValue("tracking", out var tracking) ? tracking : "");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
