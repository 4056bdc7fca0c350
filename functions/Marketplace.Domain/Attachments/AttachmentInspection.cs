using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Attachments;

/// <summary>
/// What the sniffer decided about a file: its kind, or why it is refused (a stable <see cref="RefusalCode"/> and a
/// sentence saying what to send instead).
/// </summary>
public sealed record AttachmentInspection(AttachmentKind? Kind, string? RefusalCode, string? Reason)
{
    public bool IsAccepted => Kind is not null;

    public static AttachmentInspection Accepted(AttachmentKind kind) => new(kind, null, null);

    public static AttachmentInspection Refused(string code, string reason) => new(null, code, reason);

    public static AttachmentInspection Unrecognised() =>
        Refused(AttachmentRefusalCodes.TypeNotAllowed, "The file's content is not a recognised type.");
}
