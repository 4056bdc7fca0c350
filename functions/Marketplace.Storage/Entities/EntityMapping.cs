using System.Text.Json;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;

namespace Marketplace.Storage.Entities;

/// <summary>Converts between table entities and domain records; the only place that knows both shapes.</summary>
internal static class EntityMapping
{
    public static Conversation ToConversation(this ConversationHeaderEntity e) => new(
        e.PartitionKey, e.Marketplace, Enum.Parse<ConversationKind>(e.Kind), e.OrderId, e.ListingId, e.BuyerId, e.SellerId,
        e.BuyerLanguage, Enum.Parse<OrderStatus>(e.OrderStatus), e.CreatedAt, e.OrderCompletedAt,
        JsonSerializer.Deserialize(e.ItemsJson, StorageJsonContext.Default.ListOrderItem) ?? [],
        new ConversationSummary(
            e.MessageCount, e.LastMessageAt, ParseRole(e.LastMessageAuthor), e.LastMessagePreview,
            e.UnreadForBuyer, e.UnreadForSeller, e.BuyerReadThrough, e.SellerReadThrough,
            ParseRole(e.AwaitingReplyFrom), e.AwaitingReplySince, e.SellerHasWritten, e.Version)
        {
            StartedBy = ParseRole(e.StartedBy),
        })
    {
        OrderPlacedAt = e.OrderPlacedAt,
        Total = e.TotalAmount is { } amount && e.TotalCurrency is { } currency
            ? new OrderTotal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency)
            : null,
        Shipment = e.TrackingNumber is null && e.Carrier is null && e.ShippedAt is null && e.DeliveredAt is null
            ? null
            : new OrderShipment(e.TrackingNumber, e.Carrier, e.ShippedAt, e.DeliveredAt),
        BuyerName = e.BuyerName,
    };

    public static ConversationHeaderEntity ToEntity(this Conversation c) => new ConversationHeaderEntity
    {
        PartitionKey = c.Id,
        RowKey = RowKeys.Header(c.Id),
        Marketplace = c.Marketplace,
        Kind = c.Kind.ToString(),
        OrderId = c.OrderId,
        ListingId = c.ListingId,
        BuyerId = c.BuyerId,
        SellerId = c.SellerId,
        BuyerLanguage = c.BuyerLanguage,
        OrderStatus = c.OrderStatus.ToString(),
        CreatedAt = c.CreatedAt,
        OrderCompletedAt = c.OrderCompletedAt,
        OrderPlacedAt = c.OrderPlacedAt,
        TotalAmount = c.Total?.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TotalCurrency = c.Total?.Currency,
        BuyerName = c.BuyerName,
        TrackingNumber = c.Shipment?.TrackingNumber,
        Carrier = c.Shipment?.Carrier,
        ShippedAt = c.Shipment?.ShippedAt,
        DeliveredAt = c.Shipment?.DeliveredAt,
        ItemsJson = JsonSerializer.Serialize(c.Items.ToList(), StorageJsonContext.Default.ListOrderItem),
    }.WithSummary(c.Summary);

    public static ConversationHeaderEntity WithSummary(this ConversationHeaderEntity e, ConversationSummary s)
    {
        e.MessageCount = s.MessageCount;
        e.LastMessageAt = s.LastMessageAt;
        e.LastMessageAuthor = s.LastMessageAuthor?.ToString();
        e.LastMessagePreview = s.LastMessagePreview;
        e.UnreadForBuyer = s.UnreadForBuyer;
        e.UnreadForSeller = s.UnreadForSeller;
        e.BuyerReadThrough = s.BuyerReadThrough;
        e.SellerReadThrough = s.SellerReadThrough;
        e.AwaitingReplyFrom = s.AwaitingReplyFrom?.ToString();
        e.AwaitingReplySince = s.AwaitingReplySince;
        e.SellerHasWritten = s.SellerHasWritten;
        e.StartedBy = s.StartedBy?.ToString();
        e.Version = s.Version;
        return e;
    }

    public static Message ToMessage(this MessageEntity e) => new(
        e.Sequence, Enum.Parse<PartyRole>(e.AuthorRole), e.AuthorId, e.Text, e.SentAt, e.Reason,
        Enum.Parse<MessageSource>(e.Source), e.ExternalId,
        JsonSerializer.Deserialize(e.AttachmentsJson, StorageJsonContext.Default.ListMessageAttachment) ?? [])
    {
        Status = Enum.Parse<MessageStatus>(e.Status),
        OriginalText = e.OriginalText,
        Moderation = e.ModerationJson is null
            ? MessageModeration.Clean
            : JsonSerializer.Deserialize(e.ModerationJson, StorageJsonContext.Default.MessageModeration) ?? MessageModeration.Clean,
        SentBy = e.SentByJson is null ? null : JsonSerializer.Deserialize(e.SentByJson, StorageJsonContext.Default.TemplateUse),
    };

    public static MessageEntity ToEntity(this Message m, string conversationId) => new()
    {
        PartitionKey = conversationId,
        RowKey = RowKeys.Message(conversationId, m.Sequence),
        Sequence = m.Sequence,
        AuthorRole = m.AuthorRole.ToString(),
        AuthorId = m.AuthorId,
        Text = m.Text,
        SentAt = m.SentAt,
        Reason = m.Reason,
        Source = m.Source.ToString(),
        ExternalId = m.ExternalId,
        AttachmentsJson = JsonSerializer.Serialize(m.Attachments.ToList(), StorageJsonContext.Default.ListMessageAttachment),
        Status = m.Status.ToString(),
        OriginalText = m.OriginalText,
        ModerationJson = m.Moderation == MessageModeration.Clean || m.Moderation.Findings.Count + m.Moderation.Violations.Count == 0
            ? null
            : JsonSerializer.Serialize(m.Moderation, StorageJsonContext.Default.MessageModeration),
        SentByJson = m.SentBy is null ? null : JsonSerializer.Serialize(m.SentBy, StorageJsonContext.Default.TemplateUse),
    };

    public static StoredAttachment ToAttachment(this AttachmentEntity e) => new(
        e.AttachmentId, e.PartitionKey, Enum.Parse<PartyRole>(e.UploaderRole), e.UploaderId, e.FileName,
        Enum.Parse<AttachmentKind>(e.Kind), e.ContentType, e.SizeBytes, e.Sha256, e.UploadedAt, e.MessageSequence);

    public static AttachmentEntity ToEntity(this StoredAttachment a) => new()
    {
        PartitionKey = a.ConversationId,
        RowKey = RowKeys.Attachment(a.Id),
        AttachmentId = a.Id,
        UploaderRole = a.UploaderRole.ToString(),
        UploaderId = a.UploaderId,
        FileName = a.FileName,
        Kind = a.Kind.ToString(),
        ContentType = a.ContentType,
        SizeBytes = a.SizeBytes,
        Sha256 = a.Sha256,
        UploadedAt = a.UploadedAt,
        MessageSequence = a.MessageSequence,
    };

    public static MessageAttachment ToMessageAttachment(this StoredAttachment a) =>
        new(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.Sha256, null);

    public static InboxEntry ToInboxEntry(this InboxEntity e) => new(
        e.ConversationId, e.Marketplace, Enum.Parse<ConversationKind>(e.Kind), e.OrderId, e.ListingId, e.CounterpartId,
        Enum.Parse<OrderStatus>(e.OrderStatus), e.CreatedAt, e.MessageCount, e.LastMessageAt, e.LastMessagePreview,
        e.Unread, e.AwaitingMyReply, e.AwaitingReplySince);

    private static PartyRole? ParseRole(string? value) => value is null ? null : Enum.Parse<PartyRole>(value);
}
