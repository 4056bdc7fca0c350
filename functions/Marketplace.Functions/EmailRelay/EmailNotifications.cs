using System.Text.Json;
using Azure.Storage.Queues;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// After a conversation's change commits: "look at its new events now" for the relay (a message on <c>email-notifications</c>,
/// handled by <see cref="ConversationMailer"/>), as <c>MarketplaceEventOutbox</c> does for events out. The messages to email
/// are the conversation's outbox rows, written in the same transaction as each message, so nothing is lost between a commit
/// and this request: the conversation's follow-up check asks again.
/// </summary>
internal sealed class EmailNotifications(QueueServiceClient queues, StorageNames names, IOptions<EmailRelayOptions> options)
{
    /// <param name="delay">How long before the request is seen (none: at once).</param>
    public async Task KickAsync(string conversationId, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        if (options.Value.Enabled)
        {
            await queues.GetQueueClient(names.EmailNotificationsQueue).SendMessageAsync(
                JsonSerializer.Serialize(new EmailKick(conversationId), EmailRelayJsonContext.Default.EmailKick), delay, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
    }
}

/// <summary>A request to email a conversation's delivered messages not emailed yet.</summary>
public sealed record EmailKick(string ConversationId);
