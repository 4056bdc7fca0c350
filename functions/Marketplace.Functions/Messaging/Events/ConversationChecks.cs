using System.Text.Json;
using Azure.Storage.Queues;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>
/// Makes what follows an API write's commit survive a crash. A webhook's effects are retried by its queue message,
/// but an API request that dies after committing (before the inboxes or the seller's reply deadline were updated)
/// has nothing to retry it. So before committing it queues a check of the conversation, due after
/// <see cref="MessagingOptions.FollowUpCheckDelay"/>; <see cref="CheckConversationFunction"/> then redoes those steps
/// from the conversation's current state, which is harmless when nothing was lost.
/// </summary>
internal sealed class ConversationChecks(QueueServiceClient queues, StorageNames names, IOptions<MessagingOptions> options)
{
    public async Task ScheduleAsync(string conversationId, CancellationToken cancellationToken) =>
        await queues.GetQueueClient(names.ConversationChecksQueue).SendMessageAsync(
            JsonSerializer.Serialize(new ConversationCheck(conversationId), MessagingJsonContext.Default.ConversationCheck),
            visibilityTimeout: options.Value.FollowUpCheckDelay,
            cancellationToken: cancellationToken).ConfigureAwait(false);
}

/// <summary>A queued follow-up check of one conversation.</summary>
public sealed record ConversationCheck(string ConversationId);
