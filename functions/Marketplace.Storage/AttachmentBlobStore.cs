using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Marketplace.Storage;

/// <summary>Attachment bytes in Blob Storage, under the conversation: "{conversationId}/{attachmentId}".</summary>
public sealed class AttachmentBlobStore(BlobServiceClient blobs, StorageNames names)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.AttachmentsContainer);

    public async Task UploadAsync(string conversationId, string attachmentId, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        await _container.GetBlobClient(BlobName(conversationId, attachmentId))
            .UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string conversationId, string attachmentId, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(BlobName(conversationId, attachmentId))
            .OpenReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    private static string BlobName(string conversationId, string attachmentId) => $"{conversationId}/{attachmentId}";
}
