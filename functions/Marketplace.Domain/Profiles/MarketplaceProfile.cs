namespace Marketplace.Domain.Profiles;

/// <summary>The messaging rules of one marketplace (see MARKETPLACE-FACTS.md); bound from configuration.</summary>
public sealed class MarketplaceProfile
{
    /// <summary>Longest message text accepted, in characters (UTF-16 code units, as the marketplaces count).</summary>
    public int MaxTextLength { get; set; } = 2000;

    public int MaxAttachmentsPerMessage { get; set; } = 5;

    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Attachment types allowed, decided from the file's bytes.</summary>
    public IList<AttachmentKind> AllowedAttachmentKinds { get; init; } = [.. Enum.GetValues<AttachmentKind>()];

    /// <summary>The reasons a seller picks from when starting or continuing a conversation.</summary>
    public IList<string> SellerMessageReasons { get; init; } = [];

    /// <summary>Whether a seller must give a reason on the first message of a conversation.</summary>
    public bool SellerReasonRequiredToStart { get; set; } = true;
}
