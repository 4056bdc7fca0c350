using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Marketplace.Storage;

/// <summary>Creates the tables, container and queues the messaging core needs, if they are missing.</summary>
public sealed class StorageInitializer(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, StorageNames names)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { names.Conversations, names.Inbox, names.WebhookEvents, names.AdminAudit, names.HeldMessages, names.PartySettings, names.ReplyDeadlines, names.Claims, names.EventDeliveries, names.Refunds, names.MessageTemplates, names.EmailRelay })
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }

        foreach (var container in new[] { names.AttachmentsContainer, names.ReturnLabelsContainer, names.InboundEmailContainer })
        {
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var queue in new[] { names.MarketplaceEventsQueue, names.ConversationChecksQueue, names.EventDeliveriesQueue, names.MessageTranslationsQueue, names.InboundEmailsQueue, names.EmailNotificationsQueue })
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
