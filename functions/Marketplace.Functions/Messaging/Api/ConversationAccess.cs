using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.Security;
using Marketplace.Storage;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>
/// Decides who may see and write a conversation. Buyers and sellers reach only their own (on their own
/// marketplace); admins read any, and marketplaces read their own marketplace's, and each such read is
/// recorded. Anyone else is told the conversation does not exist, so ids cannot be probed.
/// </summary>
internal sealed class ConversationAccess(ConversationStore conversations, AdminAuditLog audit, TimeProvider time, ILogger<ConversationAccess> logger)
{
    /// <summary>The conversation, if <paramref name="caller"/> may read it (recording privileged reads).</summary>
    public async Task<Conversation> ReadAsync(Caller caller, string conversationId, string action, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            throw NotFound(conversationId);
        }

        if (AsParty(caller, conversation) is not null)
        {
            return conversation;
        }

        if (caller.Role == CallerRole.Admin
            || (caller.Role == CallerRole.Marketplace && string.Equals(caller.Marketplace, conversation.Marketplace, StringComparison.OrdinalIgnoreCase)))
        {
            await audit.RecordAsync(conversationId, CallerRoles.Name(caller.Role), caller.PartyId, action, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            MessagingLog.PrivilegedRead(logger, caller.Role.ToString(), caller.PartyId, conversationId, action);
            return conversation;
        }

        throw NotFound(conversationId);
    }

    /// <summary>The caller's party role, if they are the buyer or the seller of the conversation; only parties write.</summary>
    public async Task<(Conversation Conversation, PartyRole Role)> WriteAsync(Caller caller, string conversationId, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (conversation is not null && AsParty(caller, conversation) is { } role)
        {
            return (conversation, role);
        }

        if (conversation is not null && caller.Role is CallerRole.Admin or CallerRole.Marketplace)
        {
            throw new MessagingException(MessagingError.Forbidden, "parties_only",
                "Only the conversation's buyer and seller can write to it; your role can read it.");
        }

        throw NotFound(conversationId);
    }

    public static PartyRole? AsParty(Caller caller, Conversation conversation)
    {
        var role = caller.Role switch
        {
            CallerRole.Buyer => PartyRole.Buyer,
            CallerRole.Seller => PartyRole.Seller,
            _ => (PartyRole?)null,
        };
        return role is { } r
               && string.Equals(caller.Marketplace, conversation.Marketplace, StringComparison.OrdinalIgnoreCase)
               && conversation.PartyId(r) == caller.PartyId
            ? r
            : null;
    }

    private static MessagingException NotFound(string conversationId) =>
        new(MessagingError.NotFound, "conversation_not_found", $"Conversation '{conversationId}' does not exist or is not yours.");
}
