using Marketplace.Functions.EventsOut;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Messaging.Policy;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>
/// The one path every new message takes, from the API or a webhook: content policy, append (with the
/// conversation's summary, atomically), then the inboxes, the admins' held queue and the seller's reply deadline. The two sources can
/// never behave differently, except that an API write first schedules its own repair (<see cref="ConversationChecks"/>).
/// </summary>
internal sealed class ConversationEvents(
    ConversationStore conversations, InboxProjector inbox, HeldMessageIndex heldIndex, PartySettingsStore settings,
    MessageScreening screening, ReplyDeadlineStarter deadlines, ConversationChecks checks, MessageTranslations translations,
    MarketplaceEventOutbox outbox, ILogger<ConversationEvents> logger)
{
    /// <param name="durable">The calling function's Durable client: deadlines start and end through it.</param>
    /// <param name="validate">Checks the current conversation (under its lock) and throws to refuse.</param>
    /// <param name="createIfMissing">A conversation to create together with this, its first message.</param>
    public async Task<AppendResult> AppendAsync(
        DurableTaskClient durable, string conversationId, NewMessage message, Deduplication? deduplication, Action<Conversation> validate,
        CancellationToken cancellationToken, Conversation? createIfMissing = null)
    {
        // Only a seller's message depends on the buyer's opt-out; a buyer's needs no extra read.
        var buyerOptedOut = message.AuthorRole == PartyRole.Seller
            && await conversations.GetAsync(conversationId, cancellationToken).ConfigureAwait(false) is { } current
            && await settings.BuyerOptedOutAsync(current.Marketplace, current.BuyerId, cancellationToken).ConfigureAwait(false);

        // A webhook's queue message retries what follows the commit; an API request has nothing to retry it. A request
        // refused for its attachments queues nothing.
        if (message.Source == MessageSource.Api)
        {
            if (message.AttachmentIds.Count > 0)
            {
                await conversations.CheckAttachmentsUploadedAsync(conversationId, message, cancellationToken).ConfigureAwait(false);
            }

            await checks.ScheduleAsync(conversationId, cancellationToken).ConfigureAwait(false);
        }

        var result = await conversations.AppendMessageAsync(
            conversationId,
            deduplication,
            conversation =>
            {
                validate(conversation);
                return screening.Screen(conversation, message, buyerOptedOut);
            },
            cancellationToken,
            createIfMissing).ConfigureAwait(false);

        // Also after a duplicate: the first attempt may have crashed before these projections.
        var latest = result.WasDuplicate
            ? await conversations.GetAsync(conversationId, cancellationToken).ConfigureAwait(false) ?? result.Conversation
            : result.Latest;
        await inbox.ProjectAsync(latest, cancellationToken).ConfigureAwait(false);
        if (result.Message.Status == MessageStatus.Held)
        {
            await heldIndex.AddAsync(latest.Marketplace, conversationId, result.Message.Sequence, result.Message.SentAt, cancellationToken)
                .ConfigureAwait(false);
        }

        if (result.WasDuplicate)
        {
            await deadlines.EnsureStartedAsync(durable, latest, cancellationToken).ConfigureAwait(false);
        }
        else if (result.Message.Status == MessageStatus.Delivered)
        {
            var before = result.Before ?? result.Conversation with { Summary = ConversationSummary.Empty };
            await deadlines.OnDeliveredAsync(durable, before, result.Conversation, result.Message, cancellationToken).ConfigureAwait(false);
        }

        // Also after a duplicate, as above; the queued translation finds it done if it is. Never fails an API send.
        if (result.Message.Status == MessageStatus.Delivered)
        {
            await translations.OnDeliveredAsync(latest, result.Message, repairedLater: message.Source == MessageSource.Api, cancellationToken)
                .ConfigureAwait(false);
        }

        await outbox.DeliverAsync(latest.Marketplace, EventStreamName.Conversation(conversationId), cancellationToken).ConfigureAwait(false);
        if (!result.WasDuplicate)
        {
            MessagingLog.MessageAppended(logger, conversationId, result.Message.Sequence, message.AuthorRole.ToString(), result.Message.Status.ToString());
        }

        return result;
    }
}
