namespace Marketplace.Functions.Returns;

/// <summary>
/// Makes the label a buyer prints to send an item back. The built-in provider draws a PDF with a Code 128 barcode of the
/// RMA id; a carrier integration (a label bought from the carrier, with its tracking number) implements this instead.
/// </summary>
public interface IReturnLabelProvider
{
    Task<ReturnLabel> CreateAsync(ReturnLabelRequest request, CancellationToken cancellationToken);
}

/// <summary>What a label needs: the claim and order it is for, its RMA id, and where the item goes.</summary>
public sealed record ReturnLabelRequest(string ClaimId, string Marketplace, string OrderId, string RmaId, IReadOnlyList<string> ReturnAddress);

/// <summary>A label: the document, its media type, and the number its barcode carries (the RMA id, or the carrier's tracking number).</summary>
public sealed record ReturnLabel(byte[] Content, string ContentType, string TrackingNumber, string Source);
