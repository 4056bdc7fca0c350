using Marketplace.Domain.Conversations;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.EventsOut;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>GET a conversation, mark it read, and (admin) see who privileged-read it.</summary>
internal static class ConversationEndpoints
{
    public static async Task<Ok<ConversationView>> GetAsync(string id, HttpContext http, ConversationAccess access, CancellationToken cancellationToken)
    {
        var conversation = await access.ReadAsync(CallerAccessor.Require(http), id, "read_conversation", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ConversationView.From(conversation));
    }

    /// <summary>
    /// The conversation of an order on the caller's marketplace (an admin names the marketplace): the same conversation,
    /// and the same access rules, as GET /api/conversations/{marketplace}~o~{orderId}.
    /// </summary>
    public static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetByOrderAsync(
        string orderId, string? marketplace, HttpContext http, ConversationAccess access, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        var errors = new Dictionary<string, string[]>();
        if (caller.Role != CallerRole.Admin && marketplace is not null && marketplace != caller.Marketplace)
        {
            errors["marketplace"] = ["Only admins name a marketplace; yours is the one your token names. Leave it out."];
        }

        var market = caller.Role == CallerRole.Admin ? marketplace : caller.Marketplace;
        if (market is null)
        {
            errors["marketplace"] = [caller.Role == CallerRole.Admin ? "Required for admins: the marketplace of the order." : CallerAccessor.NoMarketplace];
        }
        else if (!MarketplaceNames.IsCanonical(market))
        {
            errors["marketplace"] = [$"Must be a marketplace name: {MarketplaceNames.Rule}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // An id that could not be an order's is answered as an unknown one: ids are not probed for their rules either.
        var id = Identifiers.IsValid(orderId) ? Identifiers.OrderConversationId(market!, orderId) : $"{market}~o~-";
        var conversation = await access.ReadAsync(caller, id, "read_conversation", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ConversationView.From(conversation));
    }

    public static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> MarkReadAsync(
        string id, MarkReadRequest? body, HttpContext http, ConversationAccess access, ConversationStore conversations,
        InboxProjector inbox, MarketplaceEventOutbox outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var (current, role) = await access.WriteAsync(CallerAccessor.Require(http), id, cancellationToken).ConfigureAwait(false);
        if (body?.ThroughMessageId is < 1)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["throughMessageId"] = ["Must be a message id (1 or more)."] });
        }

        // Reading changes something (and tells the marketplace) only when there is something unread.
        var stream = EventStreamName.Conversation(id);
        if (current.Summary.ReadThrough(role) < Math.Min(body?.ThroughMessageId ?? long.MaxValue, current.Summary.MessageCount))
        {
            await outbox.ScheduleRepairAsync(current.Marketplace, stream, cancellationToken).ConfigureAwait(false);
        }

        var conversation = await conversations.MarkReadAsync(id, role, body?.ThroughMessageId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await inbox.ProjectAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (conversation.Summary.Version != current.Summary.Version)
        {
            await outbox.DeliverAsync(conversation.Marketplace, stream, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Ok(ConversationView.From(conversation));
    }

    public static async Task<Results<Ok<AuditEntryView[]>, ProblemHttpResult>> AuditAsync(string id, HttpContext http, AdminAuditLog audit, int? limit, CancellationToken cancellationToken)
    {
        if (CallerAccessor.Require(http).Role != CallerRole.Admin)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Only admins can read the audit log.");
        }

        var entries = await audit.ListAsync(id, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(entries.Select(e => new AuditEntryView(e.ReaderRole.ToLowerInvariant(), e.ReaderId, e.Action, e.At)).ToArray());
    }
}
