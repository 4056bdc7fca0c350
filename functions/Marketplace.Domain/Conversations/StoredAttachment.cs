using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;

namespace Marketplace.Domain.Conversations;

/// <summary>An uploaded attachment: its type was decided from its bytes; it joins a message when one names it.</summary>
public sealed record StoredAttachment(
    string Id,
    string ConversationId,
    PartyRole UploaderRole,
    string UploaderId,
    string FileName,
    AttachmentKind Kind,
    string ContentType,
    long SizeBytes,
    string Sha256,
    DateTimeOffset UploadedAt,
    long? MessageSequence);
