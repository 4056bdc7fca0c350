using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>A conversation as the API shows it to one reader.</summary>
public sealed record ConversationView(
    string Id, string Marketplace, string Kind, string? OrderId, string? ListingId, string BuyerId, string SellerId,
    string BuyerLanguage, string OrderStatus, DateTimeOffset CreatedAt, DateTimeOffset? OrderCompletedAt,
    IReadOnlyList<OrderItem> Items, long MessageCount, DateTimeOffset? LastMessageAt, string? LastMessageAuthor,
    int UnreadForBuyer, int UnreadForSeller, string? AwaitingReplyFrom, DateTimeOffset? AwaitingReplySince)
{
    public static ConversationView From(Conversation c) => new(
        c.Id, c.Marketplace, Lower(c.Kind), c.OrderId, c.ListingId, c.BuyerId, c.SellerId, c.BuyerLanguage,
        Lower(c.OrderStatus), c.CreatedAt, c.OrderCompletedAt, c.Items, c.Summary.MessageCount, c.Summary.LastMessageAt,
        LowerOrNull(c.Summary.LastMessageAuthor), c.Summary.UnreadForBuyer, c.Summary.UnreadForSeller,
        LowerOrNull(c.Summary.AwaitingReplyFrom), c.Summary.AwaitingReplySince);

    internal static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    internal static string? LowerOrNull<T>(T? value) where T : struct, Enum => value?.ToString().ToLowerInvariant();
}

/// <summary>
/// A message. <see cref="ReadByRecipient"/> tells whether the other party has read it. Status, the original
/// text and the policy's findings are shown to the author and admins only; recipients see delivered text.
/// For a reader, <see cref="Text"/> is in the reader's language when <see cref="Translation"/> says "translated", with
/// the delivered text in <see cref="Original"/> and its language in <see cref="DetectedLanguage"/>; the author always
/// sees what they wrote.
/// </summary>
public sealed record MessageView(
    long Id, string AuthorRole, string AuthorId, string Text, DateTimeOffset SentAt, string? Reason, string Source,
    string? ExternalId, bool ReadByRecipient, IReadOnlyList<MessageAttachment> Attachments,
    string Status, string? OriginalText, MessageModeration? Moderation,
    string? Original = null, string? DetectedLanguage = null, TranslationView? Translation = null, TemplateUse? SentBy = null)
{
    public static MessageView From(Message m, Conversation c, bool showModeration) => new(
        m.Sequence, ConversationView.Lower(m.AuthorRole), m.AuthorId, m.Text, m.SentAt, m.Reason, ConversationView.Lower(m.Source),
        m.ExternalId, m.Status == MessageStatus.Delivered && c.Summary.ReadThrough(ConversationSummary.Other(m.AuthorRole)) >= m.Sequence,
        m.Attachments, ConversationView.Lower(m.Status),
        showModeration ? m.OriginalText : null, showModeration ? m.Moderation : null, SentBy: m.SentBy);
}

/// <summary>
/// How <see cref="MessageView.Text"/> relates to the reader's language: "translated", "pending" (shown as written
/// until the translation arrives), "not_needed" (already in that language, the reader's own message, or no language
/// known), "withheld" (the content policy objects to the translation; shown as written) or "off" (translation disabled).
/// </summary>
public sealed record TranslationView(string Status, string? Language)
{
    public const string Translated = "translated";
    public const string Pending = "pending";
    public const string NotNeeded = "not_needed";
    public const string Withheld = "withheld";
    public const string Off = "off";
}

/// <summary>A page of messages, oldest first.</summary>
public sealed record MessagePage(IReadOnlyList<MessageView> Items, string? NextCursor);

/// <summary>A page of an inbox, newest conversation first.</summary>
public sealed record InboxPage(IReadOnlyList<InboxEntry> Items, string? NextCursor);

/// <summary>A stored attachment's metadata.</summary>
public sealed record AttachmentView(string Id, string FileName, string ContentType, long SizeBytes, string Sha256, long? MessageId)
{
    public static AttachmentView From(StoredAttachment a) => new(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.Sha256, a.MessageSequence);
}

/// <summary>One recorded privileged read.</summary>
public sealed record AuditEntryView(string ReaderRole, string ReaderId, string Action, DateTimeOffset At);

/// <summary>
/// The body of "send a message": a text, or (sellers) a <see cref="TemplateId"/> with its <see cref="Variables"/> (the
/// server fills the order's placeholders and renders it in the buyer's language). The reason defaults to the template's.
/// </summary>
public sealed record SendMessageRequest(
    string? Text, string? Reason, IReadOnlyList<string>? AttachmentIds, string? TemplateId = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Variables = null);

/// <summary>The body of "mark read": through which message (default: all).</summary>
public sealed record MarkReadRequest(long? ThroughMessageId);
