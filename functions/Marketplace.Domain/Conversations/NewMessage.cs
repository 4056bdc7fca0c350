using Marketplace.Domain.Events;

namespace Marketplace.Domain.Conversations;

/// <summary>A message about to be appended: validated text, author, and the attachments it takes.</summary>
public sealed record NewMessage(
    PartyRole AuthorRole,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    string? Reason,
    MessageSource Source,
    string? ExternalId,
    IReadOnlyList<string> AttachmentIds,
    IReadOnlyList<MessageAttachment> ExternalAttachments);
