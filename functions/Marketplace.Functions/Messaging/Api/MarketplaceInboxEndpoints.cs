using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>
/// GET /api/marketplace/inbox: a marketplace's conversations across its sellers (an admin's with ?marketplace=), filtered
/// by seller, buyer, awaiting the seller's reply or unread by the seller, and creation time, with cursor paging.
/// </summary>
internal static class MarketplaceInboxEndpoints
{
    public static async Task<Results<Ok<MarketplaceInboxPage>, ProblemHttpResult>> ListAsync(
        HttpContext http, InboxProjector inbox, AdminAuditLog audit, MarketplaceProfiles profiles, TimeProvider time,
        MarketplaceInboxQuery query, CancellationToken cancellationToken)
    {
        var caller = CallerAccessor.Require(http);
        if (caller.Role is not (CallerRole.Marketplace or CallerRole.Admin))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed",
                "A marketplace's inbox is for the marketplace's backend (role marketplace) and admins; buyers and sellers read theirs at GET /api/inbox.");
        }

        var errors = new Dictionary<string, string[]>();
        var marketplace = caller.Role == CallerRole.Admin ? query.Marketplace : caller.Marketplace;
        if (caller.Role == CallerRole.Marketplace && query.Marketplace is not null && query.Marketplace != caller.Marketplace)
        {
            errors["marketplace"] = ["Only admins name a marketplace; yours is the one your token names. Leave it out."];
        }
        else if (marketplace is null)
        {
            errors["marketplace"] = [caller.Role == CallerRole.Admin
                ? $"Required for admins: the marketplace whose inbox to read (one of {string.Join(", ", profiles.Names)})."
                : CallerAccessor.NoMarketplace];
        }
        else if (!MarketplaceNames.IsCanonical(marketplace) || !profiles.Names.Contains(marketplace, StringComparer.Ordinal))
        {
            errors["marketplace"] = [$"Must be one of {string.Join(", ", profiles.Names)}."];
        }

        var filter = InboxEndpoints.ParseFilter(query.Filter);
        if (filter is null)
        {
            errors["filter"] = ["Must be 'all', 'awaiting-reply' (awaiting the seller's reply) or 'unread' (unread by the seller)."];
        }

        if (query.Seller is { } seller && !Identifiers.IsValid(seller))
        {
            errors["seller"] = [$"Must be a seller id: {Identifiers.Rule}."];
        }

        if (query.Buyer is { } buyer && !Identifiers.IsValid(buyer))
        {
            errors["buyer"] = [$"Must be a buyer id: {Identifiers.Rule}."];
        }

        InboxEndpoints.CheckRange(query.CreatedFrom, query.CreatedTo, errors);
        if (query.Limit is < 1 or > InboxEndpoints.MaxLimit)
        {
            errors["limit"] = [$"Must be from 1 to {InboxEndpoints.MaxLimit}."];
        }

        if (!Cursor.TryDecodeMarketplaceInboxKey(query.Cursor, out var afterSeller, out var afterRow)
            || (query.Seller is not null && afterSeller is not null && afterSeller != query.Seller))
        {
            errors["cursor"] = ["Is not a cursor this API returned for these filters; pass 'nextCursor' from the previous page unchanged."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (caller.Role == CallerRole.Admin)
        {
            await audit.RecordAsync($"inbox~marketplace~{marketplace}", CallerRoles.Name(caller.Role), caller.PartyId, "read_marketplace_inbox",
                time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        var page = await inbox.ListMarketplaceAsync(
            marketplace!, query.Seller, filter!.Value, new InboxCriteria(query.Buyer, query.CreatedFrom, query.CreatedTo), afterSeller, afterRow,
            query.Limit ?? InboxEndpoints.DefaultLimit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new MarketplaceInboxPage([.. page.Items.Select(i => MarketplaceInboxEntry.From(i.SellerId, i.Entry))], page.NextCursor));
    }
}

/// <summary>The query of GET /api/marketplace/inbox, as bound from the request.</summary>
internal sealed record MarketplaceInboxQuery(
    string? Marketplace, string? Seller, string? Buyer, string? Filter, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo, int? Limit,
    string? Cursor);

/// <summary>A page of a marketplace's inbox: seller by seller (all of one seller's when filtered by seller), newest first.</summary>
public sealed record MarketplaceInboxPage(IReadOnlyList<MarketplaceInboxEntry> Items, string? NextCursor);

/// <summary>A conversation in a marketplace's inbox: its parties, and its state as the seller sees it.</summary>
public sealed record MarketplaceInboxEntry(
    string ConversationId, string Marketplace, ConversationKind Kind, string? OrderId, string? ListingId, string SellerId, string BuyerId,
    OrderStatus OrderStatus, DateTimeOffset CreatedAt, long MessageCount, DateTimeOffset? LastMessageAt, string? LastMessagePreview,
    int UnreadBySeller, bool AwaitingSellerReply, DateTimeOffset? AwaitingReplySince)
{
    public static MarketplaceInboxEntry From(string sellerId, InboxEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.ConversationId, e.Marketplace, e.Kind, e.OrderId, e.ListingId, sellerId, e.CounterpartId, e.OrderStatus, e.CreatedAt,
            e.MessageCount, e.LastMessageAt, e.LastMessagePreview, e.Unread, e.AwaitingMyReply, e.AwaitingReplySince);
    }
}
