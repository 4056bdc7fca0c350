namespace Marketplace.Domain.Profiles;

/// <summary>
/// The message-format limits of one marketplace (see MARKETPLACE-FACTS.md); bound from configuration. What may be
/// said, and the seller's reasons and windows, belong to the content-policy profile of the same name.
/// </summary>
public sealed class MarketplaceProfile
{
    /// <summary>Longest message text accepted, in characters (UTF-16 code units, as the marketplaces count).</summary>
    public int MaxTextLength { get; set; } = 2000;

    public int MaxAttachmentsPerMessage { get; set; } = 5;

    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Attachment types allowed, decided from the file's bytes.</summary>
    public IList<AttachmentKind> AllowedAttachmentKinds { get; init; } = [.. Enum.GetValues<AttachmentKind>()];

    /// <summary>How long sellers have to reply, on what calendar, and when they are reminded.</summary>
    public Deadlines.ReplyDeadlineProfile ReplyDeadline { get; init; } = new();

    /// <summary>How long sellers have to resolve a post-sale claim, and when they are reminded.</summary>
    public Claims.ClaimProfile Claims { get; init; } = new();
}
