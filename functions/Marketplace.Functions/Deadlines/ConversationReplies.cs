using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Functions.Deadlines;

/// <summary>Answers the deadline orchestration's check from the conversation in Table Storage.</summary>
internal sealed class ConversationReplies(ConversationStore conversations, TimeProvider time) : IConversationReplies
{
    private const int PageSize = 100;

    public async Task<DeadlineResolution?> FindResolutionAsync(string conversationId, DateTimeOffset firstUnansweredAt, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (conversation is null
            || (conversation.Summary.AwaitingReplyFrom == PartyRole.Seller && conversation.Summary.AwaitingReplySince == firstUnansweredAt))
        {
            return null;
        }

        // The wait ended: by the seller's first delivered message since it began, or else by "no response needed".
        long after = 0;
        while (true)
        {
            var page = await conversations.ListMessagesAsync(conversationId, after, PageSize, cancellationToken, PartyRole.Buyer).ConfigureAwait(false);
            var reply = page.Items.FirstOrDefault(m => m.AuthorRole == PartyRole.Seller && m.Status == MessageStatus.Delivered && m.SentAt >= firstUnansweredAt);
            if (reply is not null)
            {
                return new DeadlineResolution(DeadlineResolutionKind.Replied, reply.SentAt);
            }

            if (page.NextCursor is null || page.Items.Count == 0)
            {
                return new DeadlineResolution(DeadlineResolutionKind.NoResponseNeeded, time.GetUtcNow());
            }

            after = page.Items[^1].Sequence;
        }
    }
}
