using Marketplace.Domain.Events;

namespace Marketplace.Domain.Conversations;

/// <summary>
/// A message about to be appended: validated text, author, the attachments it takes and, once the content
/// policy has seen it, its status, the text to deliver and the moderation record.
/// </summary>
public sealed record NewMessage(
    PartyRole AuthorRole,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    string? Reason,
    MessageSource Source,
    string? ExternalId,
    IReadOnlyList<string> AttachmentIds,
    IReadOnlyList<MessageAttachment> ExternalAttachments)
{
    public MessageStatus Status { get; init; } = MessageStatus.Delivered;

    /// <summary>The text the recipient reads, when policy masked part of <see cref="Text"/>.</summary>
    public string? DeliveredText { get; init; }

    public MessageModeration Moderation { get; init; } = MessageModeration.Clean;

    /// <summary>The template it was written from (and the automation sending it), if any.</summary>
    public TemplateUse? SentBy { get; init; }
}
