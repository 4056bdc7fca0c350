using System.Text.Json;
using Azure;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Storage;
using Marketplace.Storage.Email;
using Marketplace.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// Emails a conversation's newly delivered messages to recipients who turned email notifications on, reading the
/// conversation's outbox (<c>message.created</c>, <c>message.approved</c>: recorded with each message in its transaction) from
/// where the relay last got to. Progress is saved after every event under an ETag, so a crash resends at most the email in
/// flight and two senders never both move on. A failed send throws: the queue retries it with backoff, then dead-letters
/// the request (<c>email-notifications-poison</c>), and the conversation's next change or check asks again from the same point.
/// </summary>
internal sealed class ConversationMailer(
    ConversationStore conversations, EmailAliasStore aliases, PartySettingsStore settings, RelayEmailComposer composer,
    IRelayMailTransport transport, KeyedAsyncLock locks, EmailNotifications notifications, IOptions<EmailRelayOptions> options, TimeProvider time,
    ILogger<ConversationMailer> logger)
{
    private const int BatchSize = 50;

    // A message's time is its author's (a marketplace's webhook gives it, often to the second): one sent just before the
    // recipient turned notifications on is still emailed; older history is not.
    private static readonly TimeSpan s_sinceGrace = TimeSpan.FromMinutes(5);

    public async Task RunAsync(EmailKick kick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kick);
        using var held = await locks.AcquireAsync("email~" + kick.ConversationId, cancellationToken).ConfigureAwait(false);
        if (await conversations.GetAsync(kick.ConversationId, cancellationToken).ConfigureAwait(false) is not { } conversation)
        {
            return;
        }

        var (position, etag) = await aliases.GetSentThroughAsync(conversation.Id, cancellationToken).ConfigureAwait(false);
        var events = await conversations.ListEventsAsync(conversation.Id, position, BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            if (DeliveredSequence(e.Event) is { } sequence
                && await conversations.GetMessageAsync(conversation.Id, sequence, cancellationToken).ConfigureAwait(false) is { Status: MessageStatus.Delivered } message)
            {
                if (!await EmailAsync(conversation, message, e.Event.OccurredAt, cancellationToken).ConfigureAwait(false))
                {
                    return; // waiting for its translation: asked again shortly, from this message
                }
            }

            if (await aliases.TrySaveSentThroughAsync(conversation.Id, e.Position, etag, cancellationToken).ConfigureAwait(false) is not { } saved)
            {
                return;
            }

            etag = saved;
        }

        if (events.Count == BatchSize)
        {
            await notifications.KickAsync(conversation.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Emails the message if its recipient wants it; false when it should wait for the recipient's translation.</summary>
    private async Task<bool> EmailAsync(Conversation conversation, Message message, DateTimeOffset deliveredAt, CancellationToken cancellationToken)
    {
        var recipient = message.AuthorRole == PartyRole.Buyer ? PartyRole.Seller : PartyRole.Buyer;
        var email = await settings.GetEmailAsync(
            conversation.Marketplace, recipient == PartyRole.Buyer ? "buyer" : "seller", conversation.PartyId(recipient), cancellationToken).ConfigureAwait(false);
        if (!email.Notifications || email.Addresses.Count == 0 || message.SentAt < email.NotificationsSince - s_sinceGrace)
        {
            return true;
        }

        // The translation is queued with the message, so an email sent at once would nearly always go before it: wait (asking
        // again every TranslationRecheck, later messages behind this one) up to TranslationWait after delivery, then send
        // the original alone.
        var relay = options.Value;
        if (time.GetUtcNow() - deliveredAt < relay.TranslationWait
            && await composer.TranslationPendingAsync(conversation, message, recipient, cancellationToken).ConfigureAwait(false))
        {
            await notifications.KickAsync(conversation.Id, cancellationToken, relay.TranslationRecheck).ConfigureAwait(false);
            return false;
        }

        // The author's alias is where the recipient's reply goes; the recipient's own alias is made now too, so an admin can
        // revoke the pair together.
        var from = await aliases.GetOrCreateAsync(
            conversation.Id, conversation.Marketplace, message.AuthorRole, message.AuthorId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (from.IsRevoked)
        {
            return true;
        }

        using var mail = await composer.ComposeAsync(conversation, message, from, recipient, email.Addresses, cancellationToken).ConfigureAwait(false);
        await transport.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        EmailRelayLog.Sent(logger, conversation.Id, message.Sequence, recipient == PartyRole.Buyer ? "buyer" : "seller");
        return true;
    }

    private static long? DeliveredSequence(OutboundEvent e)
    {
        if (e.Type is not (ConversationEventData.MessageCreated or ConversationEventData.MessageApproved))
        {
            return null;
        }

        using var data = JsonDocument.Parse(e.DataJson);
        return data.RootElement.TryGetProperty("message", out var m)
            && m.TryGetProperty("status", out var status) && status.GetString() == "delivered"
            && m.TryGetProperty("sequence", out var sequence) && sequence.TryGetInt64(out var value)
            ? value
            : null;
    }
}
