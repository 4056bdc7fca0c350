using Marketplace.Domain.Conversations;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>Admins' queue of messages the content policy held: list, approve (deliver) or reject.</summary>
internal static class ModerationEndpoints
{
    public static async Task<Results<Ok<HeldMessagePage>, ProblemHttpResult>> ListHeldAsync(
        HttpContext http, HeldMessageIndex index, ConversationStore conversations, string? marketplace, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        if (CallerAccessor.Require(http).Role != CallerRole.Admin)
        {
            return AdminsOnly();
        }

        var errors = new Dictionary<string, string[]>();
        if (!Cursor.TryDecodeHeldMessageKey(cursor, out var after))
        {
            errors["cursor"] = ["Is not a cursor this API returned; pass 'nextCursor' from the previous page unchanged."];
        }

        if (limit is < 1 or > 100)
        {
            errors["limit"] = ["Must be from 1 to 100."];
        }

        if (marketplace is not null && !MarketplaceNames.IsCanonical(marketplace))
        {
            errors["marketplace"] = [$"Must be a marketplace name: {MarketplaceNames.Rule}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (entries, next) = await index.ListAsync(marketplace, after, limit ?? 50, cancellationToken).ConfigureAwait(false);
        var items = new List<HeldMessageView>(entries.Count);
        foreach (var (conversationId, sequence, heldAt) in entries)
        {
            var conversation = await conversations.GetAsync(conversationId, cancellationToken).ConfigureAwait(false);
            var message = await conversations.GetMessageAsync(conversationId, sequence, cancellationToken).ConfigureAwait(false);
            if (conversation is null || message is null || message.Status != MessageStatus.Held)
            {
                // Resolved already (the index lags the message row): tidy it away.
                await index.RemoveAsync(conversationId, sequence, heldAt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            items.Add(new HeldMessageView(conversationId, conversation.Marketplace, MessageView.From(message, conversation, showModeration: true)));
        }

        return TypedResults.Ok(new HeldMessagePage(items, next is null ? null : Cursor.Encode(next)));
    }

    public static Task<Results<Ok<MessageView>, ProblemHttpResult>> ApproveAsync(
        string id, long messageId, HttpContext http, DurableTaskClient durable, ModerationDecisions decisions, CancellationToken cancellationToken) =>
        ResolveAsync(id, messageId, approve: true, http, durable, decisions, cancellationToken);

    public static Task<Results<Ok<MessageView>, ProblemHttpResult>> RejectAsync(
        string id, long messageId, HttpContext http, DurableTaskClient durable, ModerationDecisions decisions, CancellationToken cancellationToken) =>
        ResolveAsync(id, messageId, approve: false, http, durable, decisions, cancellationToken);

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> ResolveAsync(
        string id, long messageId, bool approve, HttpContext http, DurableTaskClient durable, ModerationDecisions decisions, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        if (caller.Role != CallerRole.Admin)
        {
            return AdminsOnly();
        }

        var result = await decisions.ResolveAsync(durable, caller, id, messageId, approve, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(MessageView.From(result.Message, result.Conversation, showModeration: true));
    }

    private static ProblemHttpResult AdminsOnly() =>
        Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Only admins moderate held messages.");
}
