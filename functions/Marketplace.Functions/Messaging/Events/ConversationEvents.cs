using Marketplace.Domain.Conversations;
using Marketplace.Storage;

namespace Marketplace.Functions.Messaging.Events;

/// <summary>
/// The one path every new message takes, from the API or a webhook: append (with the conversation's
/// summary, atomically), then bring both inboxes up to date. Later stages (content policy, reply
/// deadlines) hook in here so the two sources can never behave differently.
/// </summary>
internal sealed class ConversationEvents(ConversationStore conversations, InboxProjector inbox, ILogger<ConversationEvents> logger)
{
    public async Task<AppendResult> AppendAsync(
        string conversationId, NewMessage message, Deduplication? deduplication, Action<Conversation> validate,
        CancellationToken cancellationToken, Conversation? createIfMissing = null)
    {
        var result = await conversations.AppendMessageAsync(conversationId, message, deduplication, validate, cancellationToken, createIfMissing)
            .ConfigureAwait(false);
        // Also after a duplicate: the first attempt may have crashed before projecting.
        var latest = result.WasDuplicate
            ? await conversations.GetAsync(conversationId, cancellationToken).ConfigureAwait(false) ?? result.Conversation
            : result.Conversation;
        await inbox.ProjectAsync(latest, cancellationToken).ConfigureAwait(false);
        if (!result.WasDuplicate)
        {
            Log.MessageAppended(logger, conversationId, result.Message.Sequence, message.AuthorRole.ToString());
        }

        return result;
    }
}
