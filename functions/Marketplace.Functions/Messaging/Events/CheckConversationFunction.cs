using System.Text.Json;
using Marketplace.Functions.EventsOut;
using Marketplace.Domain.Conversations;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>
/// The queue function behind <see cref="ConversationChecks"/>: re-projects the conversation into both inboxes, lists
/// its recent held messages in the admins' queue, starts the seller's reply deadline if the conversation waits
/// for one that does not exist, queues the readers' translations missing among its recent messages, delivers its events to
/// the marketplace, and for a claim's thread redoes what follows a claim action (label, refund). Every step is idempotent
/// (inbox rows are version-guarded, held rows are upserts, a deadline that exists in any state is left alone).
/// </summary>
internal sealed class CheckConversationFunction(
    QueueFunctionInvoker invoker, ConversationStore conversations, InboxProjector inbox, HeldMessageIndex heldIndex, ReplyDeadlineStarter deadlines,
    MessageTranslations translations, MarketplaceEventOutbox outbox, Claims.ClaimService claims)
{
    public const string Name = "CheckConversation";

    // The check runs minutes after its write: the messages written since then are far fewer than this.
    private const int RecentMessages = 50;

    [Function(Name)]
    public Task RunAsync(
        [QueueTrigger(StorageNames.ConversationChecksQueueName, Connection = "AzureWebJobsStorage")] string message,
        string id, long dequeueCount, DateTimeOffset? insertionTime, [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        invoker.RunAsync(Name, StorageNames.ConversationChecksQueueName, new QueueInvocation(id, message, dequeueCount, insertionTime),
            ct => CheckAsync(message, durable, ct), cancellationToken);

    private async Task CheckAsync(string message, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var check = JsonSerializer.Deserialize(message, MessagingJsonContext.Default.ConversationCheck)
            ?? throw new InvalidOperationException("The queue message is empty.");

        // Missing: the write that scheduled this was refused before creating anything, so there is nothing to repair.
        if (await conversations.GetAsync(check.ConversationId, cancellationToken).ConfigureAwait(false) is { } conversation)
        {
            await inbox.ProjectAsync(conversation, cancellationToken).ConfigureAwait(false);
            var recent = await conversations.ListMessagesAsync(
                conversation.Id, Math.Max(0, conversation.Summary.MessageCount - RecentMessages), RecentMessages, cancellationToken).ConfigureAwait(false);
            foreach (var held in recent.Items.Where(m => m.Status == MessageStatus.Held))
            {
                await heldIndex.AddAsync(conversation.Marketplace, conversation.Id, held.Sequence, held.SentAt, cancellationToken).ConfigureAwait(false);
            }

            await deadlines.EnsureStartedAsync(durable, conversation, cancellationToken).ConfigureAwait(false);
            await translations.EnsureQueuedAsync(conversation, recent.Items, cancellationToken).ConfigureAwait(false);
            await outbox.DeliverAsync(conversation.Marketplace, EventStreamName.Conversation(conversation.Id), cancellationToken).ConfigureAwait(false);
            if (Storage.Claims.ClaimStore.ClaimIdOfThread(conversation.Id) is { } claimId)
            {
                await claims.RepairAsync(claimId, durable, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
