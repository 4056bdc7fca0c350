using Marketplace.Domain.Events;

namespace Marketplace.Domain.Conversations;

/// <summary>One message in a conversation; <see cref="Sequence"/> is its position (1, 2, …) and its id.</summary>
public sealed record Message(
    long Sequence,
    PartyRole AuthorRole,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    string? Reason,
    MessageSource Source,
    string? ExternalId,
    IReadOnlyList<MessageAttachment> Attachments);

/// <summary>How a message reached us.</summary>
public enum MessageSource
{
    Api,
    Webhook,
}

/// <summary>An attachment on a message: one we store (with its hash) or one the marketplace keeps (with its URL).</summary>
public sealed record MessageAttachment(
    string Id, string FileName, string ContentType, long SizeBytes, string? Sha256, Uri? ExternalUrl);
