using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>GET /api/inbox: the caller's conversations, newest first, with cursor paging.</summary>
internal static class InboxEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>"all", "awaiting-reply", "unread"; null for anything else.</summary>
    public static InboxFilter? ParseFilter(string? filter) => filter switch
    {
        null or "" or "all" => InboxFilter.All,
        "awaiting-reply" => InboxFilter.AwaitingMyReply,
        "unread" => InboxFilter.Unread,
        _ => null,
    };

    /// <summary>Checks a creation-time range ([from, to)) into <paramref name="errors"/>.</summary>
    public static void CheckRange(DateTimeOffset? from, DateTimeOffset? to, Dictionary<string, string[]> errors)
    {
        if (from is { } f && to is { } t && t <= f)
        {
            errors["createdFrom,createdTo"] = ["createdTo must be after createdFrom."];
        }
    }

    public static async Task<Results<Ok<InboxPage>, ProblemHttpResult>> ListAsync(
        HttpContext http, InboxProjector inbox, AdminAuditLog audit, MarketplaceProfiles profiles, TimeProvider time,
        string? filter, int? limit, string? cursor, string? role, string? partyId, string? marketplace,
        CancellationToken cancellationToken, InboxCriteria? criteria = null)
    {
        var caller = CallerAccessor.Require(http);
        var errors = new Dictionary<string, string[]>();
        var inboxFilter = ParseFilter(filter);
        if (inboxFilter is null)
        {
            errors["filter"] = ["Must be 'all', 'awaiting-reply' or 'unread'."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be from 1 to {MaxLimit}."];
        }

        if (!Cursor.TryDecodeInboxKey(cursor, out var after))
        {
            errors["cursor"] = ["Is not a cursor this API returned; pass 'nextCursor' from the previous page unchanged."];
        }

        var (ownerRole, ownerId, ownerMarketplace) = caller.Role switch
        {
            CallerRole.Buyer => (PartyRole.Buyer, caller.PartyId, caller.Marketplace),
            CallerRole.Seller => (PartyRole.Seller, caller.PartyId, caller.Marketplace),
            _ => (PartyRoles.TryParse(role, out var r) ? r : (PartyRole?)null, partyId, marketplace),
        };
        if (caller.Role is CallerRole.Marketplace or CallerRole.Finance)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed",
                "Inboxes belong to buyers and sellers; an admin may read one by naming role, partyId and marketplace. "
                + "A marketplace reads its conversations across its sellers at GET /api/marketplace/inbox.");
        }

        // They become table keys and the audit subject: malformed ones are refused, never looked up or recorded.
        if (caller.Role == CallerRole.Admin && !string.IsNullOrEmpty(marketplace) && !MarketplaceNames.IsCanonical(marketplace))
        {
            errors["marketplace"] = [$"Must be a marketplace name: {MarketplaceNames.Rule}."];
        }
        else if (ownerRole is null || !Identifiers.IsValid(ownerId) || !Identifiers.IsValid(ownerMarketplace)
            || (caller.Role == CallerRole.Admin && !profiles.Names.Contains(ownerMarketplace, StringComparer.Ordinal)))
        {
            errors[caller.Role == CallerRole.Admin ? "role,partyId,marketplace" : "token"] =
                [caller.Role == CallerRole.Admin
                    ? $"An admin names whose inbox to read: role (buyer or seller), partyId ({Identifiers.Rule}) and marketplace (one of {string.Join(", ", profiles.Names)})."
                    : ownerMarketplace is null ? CallerAccessor.NoMarketplace : $"Your token's 'marketplace' and 'sub' must be {Identifiers.Rule}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (caller.Role == CallerRole.Admin)
        {
            var subject = $"inbox~{ownerRole}~{ownerMarketplace}~{ownerId}";
            await audit.RecordAsync(subject, CallerRoles.Name(caller.Role), caller.PartyId, "read_inbox", time.GetUtcNow(), cancellationToken)
                .ConfigureAwait(false);
        }

        var page = await inbox.ListAsync(
            ownerRole!.Value, ownerMarketplace!, ownerId!, inboxFilter!.Value, after,
            limit ?? DefaultLimit, cancellationToken, criteria).ConfigureAwait(false);
        return TypedResults.Ok(new InboxPage(page.Items, page.NextCursor));
    }
}
