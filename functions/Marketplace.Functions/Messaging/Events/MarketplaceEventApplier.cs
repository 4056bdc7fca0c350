using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Templates;
using Marketplace.Storage;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>
/// Applies a marketplace event to the conversations it concerns. Every step is idempotent (creation is
/// add-if-absent, messages carry the event id as a dedupe marker in their own transaction), so a
/// redelivered queue message changes nothing and a crash mid-way is finished by the retry.
/// </summary>
internal sealed class MarketplaceEventApplier(
    ConversationStore conversations, InboxProjector inbox, ConversationEvents events, Claims.ClaimService claims, Returns.ReturnDeliveries returns, TimeProvider time,
    ILogger<MarketplaceEventApplier> logger, Templates.AutomationTriggers automations, Storage.Claims.ClaimStore claimStore)
{
    /// <param name="durable">The calling function's Durable client: a message may open or end a reply deadline.</param>
    public async Task ApplyAsync(DurableTaskClient durable, MarketplaceEvent marketplaceEvent, CancellationToken cancellationToken)
    {
        switch (marketplaceEvent)
        {
            case OrderCreated created:
                await ApplyAsync(created, cancellationToken).ConfigureAwait(false);
                break;
            case OrderStatusChanged changed:
                await ApplyAsync(durable, changed, cancellationToken).ConfigureAwait(false);
                break;
            case MessageReceived received:
                await ApplyAsync(durable, received, cancellationToken).ConfigureAwait(false);
                break;
            case ClaimOpened opened:
                // Opening starts the seller's claim_opened automations (as for a claim the buyer opens through the API).
                await claims.OpenFromMarketplaceAsync(opened, durable, cancellationToken).ConfigureAwait(false);
                break;
            case ReturnDelivered delivered:
                await returns.DeliveredAsync(delivered, durable, cancellationToken).ConfigureAwait(false);
                if (await claimStore.GetAsync(delivered.ClaimId, cancellationToken).ConfigureAwait(false) is { } claim)
                {
                    await StartAutomationsAsync(durable, claim.Claim.Marketplace, claim.Claim.OrderId, AutomationEvents.ReturnReceived, delivered.DeliveredAt, cancellationToken)
                        .ConfigureAwait(false);
                }

                break;
            case QuestionAsked asked:
                await ApplyAsync(durable, asked, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new NotSupportedException($"No handler for {marketplaceEvent.GetType().Name}.");
        }
    }

    private async Task ApplyAsync(OrderCreated e, CancellationToken cancellationToken)
    {
        var id = Identifiers.OrderConversationId(e.Marketplace, e.OrderId);
        var conversation = new Conversation(
            id, e.Marketplace, ConversationKind.Order, e.OrderId, null, e.BuyerId, e.SellerId, e.BuyerLanguage,
            OrderStatus.Placed, time.GetUtcNow(), null, e.Items, ConversationSummary.Empty) { OrderPlacedAt = e.PlacedAt, Total = e.Total, BuyerName = e.BuyerName };
        if (!await conversations.TryCreateAsync(conversation, cancellationToken).ConfigureAwait(false))
        {
            MessagingLog.EventAlreadyApplied(logger, e.EventId, id);
        }

        // Project whatever is stored (ours or an earlier delivery's): finishes a projection a crash interrupted.
        var stored = await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? conversation;
        await inbox.ProjectAsync(stored, cancellationToken).ConfigureAwait(false);
        MessagingLog.EventApplied(logger, EventTypes.OrderCreated, e.EventId, id);
    }

    private async Task ApplyAsync(DurableTaskClient durable, OrderStatusChanged e, CancellationToken cancellationToken)
    {
        var id = Identifiers.OrderConversationId(e.Marketplace, e.OrderId);
        var conversation = await conversations.UpdateOrderStatusAsync(id, e.Status, e.OccurredAt, e.EventId, cancellationToken, e.TrackingNumber, e.Carrier)
            .ConfigureAwait(false);
        await inbox.ProjectAsync(conversation, cancellationToken).ConfigureAwait(false);
        // After the status commit, so a retry of this queue message starts what a crash left unstarted (starting is idempotent).
        if (e.Status is OrderStatus.Shipped or OrderStatus.Delivered)
        {
            await automations.OnEventAsync(
                durable, conversation, e.Status == OrderStatus.Shipped ? AutomationEvents.OrderShipped : AutomationEvents.OrderDelivered, e.OccurredAt,
                cancellationToken).ConfigureAwait(false);
        }

        MessagingLog.EventApplied(logger, e.Status.ToString(), e.EventId, id);
    }

    private async Task StartAutomationsAsync(
        DurableTaskClient durable, string marketplace, string orderId, string @event, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await conversations.GetAsync(Identifiers.OrderConversationId(marketplace, orderId), cancellationToken).ConfigureAwait(false) is { } conversation)
        {
            await automations.OnEventAsync(durable, conversation, @event, at, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(DurableTaskClient durable, MessageReceived e, CancellationToken cancellationToken)
    {
        var id = Identifiers.OrderConversationId(e.Marketplace, e.OrderId);
        var attachments = e.Attachments
            .Select((a, i) => new MessageAttachment($"{e.MessageId}-{i + 1}", a.FileName, a.ContentType, a.SizeBytes, null, a.Url))
            .ToList();
        var message = new NewMessage(e.AuthorRole, e.AuthorId, e.Text, e.SentAt, null, MessageSource.Webhook, e.MessageId, [], attachments);
        await AppendAsync(durable, id, message, e.EventId, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyAsync(DurableTaskClient durable, QuestionAsked e, CancellationToken cancellationToken)
    {
        var id = Identifiers.QuestionConversationId(e.Marketplace, e.ListingId, e.BuyerId);
        var thread = new Conversation(
            id, e.Marketplace, ConversationKind.Question, null, e.ListingId, e.BuyerId, e.SellerId, e.BuyerLanguage,
            OrderStatus.Placed, time.GetUtcNow(), null, [], ConversationSummary.Empty);
        var message = new NewMessage(PartyRole.Buyer, e.BuyerId, e.Text, e.AskedAt, null, MessageSource.Webhook, e.QuestionId, [], []);
        await AppendAsync(durable, id, message, e.EventId, cancellationToken, createIfMissing: thread).ConfigureAwait(false);
    }

    private async Task AppendAsync(
        DurableTaskClient durable, string conversationId, NewMessage message, string eventId, CancellationToken cancellationToken, Conversation? createIfMissing = null)
    {
        var result = await events.AppendAsync(
            durable, conversationId, message, Deduplication.ForEvent(eventId),
            conversation =>
            {
                if (conversation.PartyId(message.AuthorRole) != message.AuthorId)
                {
                    // Permanent: retrying cannot help, so the message ends in the poison queue with this reason.
                    throw new MessagingException(MessagingError.Forbidden, "author_not_a_party",
                        $"The event's author is not the {message.AuthorRole.ToString().ToLowerInvariant()} of conversation '{conversationId}'.");
                }
            },
            cancellationToken, createIfMissing).ConfigureAwait(false);
        if (result.WasDuplicate)
        {
            MessagingLog.EventAlreadyApplied(logger, eventId, conversationId);
        }
    }
}
