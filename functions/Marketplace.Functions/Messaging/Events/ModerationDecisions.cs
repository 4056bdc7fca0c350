using Marketplace.Functions.EventsOut;
using Marketplace.Domain.Conversations;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Security;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>
/// An admin's decision on a held message: the message and summary change together, then the inboxes and the
/// admins' queue follow, and the decision is recorded in the conversation's audit log.
/// </summary>
internal sealed class ModerationDecisions(
    ConversationStore conversations, InboxProjector inbox, HeldMessageIndex heldIndex, AdminAuditLog audit, ReplyDeadlineStarter deadlines,
    ConversationChecks checks, MessageTranslations translations, MarketplaceEventOutbox outbox, TimeProvider time)
{
    public async Task<AppendResult> ResolveAsync(DurableTaskClient durable, Caller admin, string conversationId, long sequence, bool approve, CancellationToken cancellationToken)
    {
        // An approval may open the seller's deadline after the commit: a crash in between is repaired by the check. Only
        // a held message can be decided; for anything else the store refuses below, and no check is queued for nothing.
        if (await conversations.GetMessageAsync(conversationId, sequence, cancellationToken).ConfigureAwait(false) is { Status: MessageStatus.Held })
        {
            await checks.ScheduleAsync(conversationId, cancellationToken).ConfigureAwait(false);
        }

        var result = await conversations.ResolveHeldAsync(conversationId, sequence, approve, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await inbox.ProjectAsync(result.Conversation, cancellationToken).ConfigureAwait(false);
        await heldIndex.RemoveAsync(conversationId, sequence, result.Message.SentAt, cancellationToken).ConfigureAwait(false);
        await outbox.DeliverAsync(result.Conversation.Marketplace, EventStreamName.Conversation(conversationId), cancellationToken).ConfigureAwait(false);
        if (approve && result.Before is { } before)
        {
            await deadlines.OnDeliveredAsync(durable, before, result.Conversation, result.Message, cancellationToken).ConfigureAwait(false);
            await translations.OnDeliveredAsync(result.Conversation, result.Message, repairedLater: true, cancellationToken).ConfigureAwait(false);
        }

        await audit.RecordAsync(conversationId, CallerRoles.Name(admin.Role), admin.PartyId, approve ? $"approve_message_{sequence}" : $"reject_message_{sequence}",
            time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return result;
    }
}
