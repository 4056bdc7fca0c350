using Marketplace.Domain.Conversations;
using Marketplace.Domain.Templates;
using Marketplace.Functions.Returns;
using Marketplace.Storage.Claims;

namespace Marketplace.Functions.Templates;

/// <summary>Links to an order's claims that templates fill in: the return label of the claim whose return is under way.</summary>
internal sealed class OrderClaimLinks(ClaimStore claims)
{
    /// <summary>
    /// The label path (<see cref="TemplatePlaceholders.ReturnLabelPath"/>) of the order's open claim that needs a return
    /// label (the seller asked for the item back; the newest, should two be), or null when none does.
    /// </summary>
    public async Task<string?> ReturnLabelPathAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.OrderId is not { } orderId)
        {
            return null;
        }

        var open = await claims.ListOpenOnOrderAsync(conversation.Marketplace, orderId, cancellationToken).ConfigureAwait(false);
        return open.Where(c => ReturnLabels.Needed(c.State) && c.SellerId == conversation.SellerId && c.BuyerId == conversation.BuyerId)
            .OrderByDescending(c => c.OpenedAt)
            .Select(c => TemplatePlaceholders.ReturnLabelPath(c.Id))
            .FirstOrDefault();
    }
}
