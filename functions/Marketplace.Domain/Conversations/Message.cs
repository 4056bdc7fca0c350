using Marketplace.Domain.Events;

namespace Marketplace.Domain.Conversations;

/// <summary>
/// One message in a conversation; <see cref="Sequence"/> is its position (1, 2, …) and its id.
/// <see cref="Text"/> is what the recipient reads (masked where policy redacted it); <see cref="OriginalText"/>
/// is what the author wrote, kept for the author and admins when the two differ.
/// </summary>
public sealed record Message(
    long Sequence,
    PartyRole AuthorRole,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    string? Reason,
    MessageSource Source,
    string? ExternalId,
    IReadOnlyList<MessageAttachment> Attachments)
{
    public MessageStatus Status { get; init; } = MessageStatus.Delivered;

    public string? OriginalText { get; init; }

    public MessageModeration Moderation { get; init; } = MessageModeration.Clean;

    /// <summary>The template (and version) the message was written from, and the automation that sent it, if any.</summary>
    public TemplateUse? SentBy { get; init; }
}

/// <summary>A message written from a template: which template and version, and the automation that sent it (null: its author did).</summary>
public sealed record TemplateUse(string TemplateId, int TemplateVersion, string? AutomationId)
{
    /// <summary>The version of the automation that sent it (null when a person sent the template, and on messages sent before automations had versions).</summary>
    public int? AutomationVersion { get; init; }
}

/// <summary>How a message reached us.</summary>
public enum MessageSource
{
    Api,
    Webhook,

    /// <summary>An email to the other party's relay alias (the email relay).</summary>
    Email,
}

/// <summary>An attachment on a message: one we store (with its hash) or one the marketplace keeps (with its URL).</summary>
public sealed record MessageAttachment(
    string Id, string FileName, string ContentType, long SizeBytes, string? Sha256, Uri? ExternalUrl);
