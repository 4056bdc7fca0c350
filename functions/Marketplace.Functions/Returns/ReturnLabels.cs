using System.Security.Cryptography;
using System.Text;
using Marketplace.Domain.Claims;
using Marketplace.Storage.Returns;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Returns;

/// <summary>
/// A claim's return label: made by the <see cref="IReturnLabelProvider"/> when the seller asks for the item back (or on
/// first download, if that step was interrupted), unless the marketplace posted its own, and kept in Blob Storage.
/// </summary>
internal sealed class ReturnLabels(ReturnLabelStore store, IReturnLabelProvider provider, IOptions<ReturnOptions> options)
{
    /// <summary>The claim's RMA id: short enough for a compact barcode, the same every time for the same claim.</summary>
    public static string RmaIdFor(string claimId) =>
        "RMA" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(claimId)))[..12];

    /// <summary>Whether a claim in <paramref name="state"/> needs its label (a return is under way).</summary>
    public static bool Needed(ClaimState state) => state == ClaimState.ReturnRequested;

    /// <summary>Makes and stores the claim's label unless it has one (a marketplace's label is never replaced by ours).</summary>
    public async Task EnsureAsync(Claim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (await store.ExistsAsync(claim.Id, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var label = await provider.CreateAsync(
            new ReturnLabelRequest(claim.Id, claim.Marketplace, claim.OrderId, RmaIdFor(claim.Id), AddressOf(claim.Marketplace, claim.SellerId)),
            cancellationToken).ConfigureAwait(false);
        await store.SaveAsync(claim.Id, label.Content, label.ContentType, label.TrackingNumber, label.Source, replace: false, cancellationToken)
            .ConfigureAwait(false);
    }

    private IReadOnlyList<string> AddressOf(string marketplace, string sellerId) =>
        options.Value.Addresses.TryGetValue(marketplace, out var sellers) && sellers.TryGetValue(sellerId, out var address)
            ? [.. address.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [sellerId, $"c/o {marketplace} returns"];
}
