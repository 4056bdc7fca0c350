using System.Text.Json.Nodes;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;

namespace Marketplace.Storage.Outbox;

/// <summary>
/// The events a conversation's changes send to its marketplace, and their <c>data</c>. Every event names the conversation,
/// its order or listing and both parties, so a marketplace can route it without asking; names and roles are lower case.
/// </summary>
public static class ConversationEventData
{
    public const string MessageCreated = "message.created";
    public const string MessageApproved = "message.approved";
    public const string MessageRejected = "message.rejected";
    public const string ConversationRead = "conversation.read";
    public const string ReplyNotNeeded = "conversation.reply_not_needed";

    /// <summary>What a conversation event's position looks like: the conversation's version after the change, and the event's index in it.</summary>
    public const string PositionExample = "000000000007-00";

    /// <summary>
    /// A message was stored, with the content policy's outcome. The text is the delivered one (with redactions) and only for
    /// a delivered message: a held or blocked message's text is not the recipient's to relay.
    /// </summary>
    public static OutboundEvent Created(Conversation conversation, Message message) =>
        Build(MessageCreated, message.SentAt, conversation, new JsonObject { ["message"] = MessageData(message) });

    /// <summary>An admin decided a held message: approved (now delivered, with its text) or rejected.</summary>
    public static OutboundEvent Resolved(Conversation conversation, Message message, DateTimeOffset at) =>
        Build(message.Status == MessageStatus.Delivered ? MessageApproved : MessageRejected, at, conversation,
            new JsonObject { ["message"] = MessageData(message) });

    public static OutboundEvent Read(Conversation conversation, PartyRole reader, long throughSequence, DateTimeOffset at) =>
        Build(ConversationRead, at, conversation, new JsonObject { ["reader"] = Name(reader), ["throughSequence"] = throughSequence });

    public static OutboundEvent ReplyWaitEnded(Conversation conversation, DateTimeOffset at) =>
        Build(ReplyNotNeeded, at, conversation, []);

    /// <summary>An event of the conversation with <paramref name="details"/> added beside the conversation's own fields.</summary>
    public static OutboundEvent Build(string type, DateTimeOffset at, Conversation conversation, JsonObject details)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(details);
        var data = new JsonObject
        {
            ["conversationId"] = conversation.Id,
            ["kind"] = Name(conversation.Kind),
            ["orderId"] = conversation.OrderId,
            ["listingId"] = conversation.ListingId,
            ["buyerId"] = conversation.BuyerId,
            ["sellerId"] = conversation.SellerId,
        };
        foreach (var (name, value) in details.ToList())
        {
            details.Remove(name);
            data[name] = value;
        }

        return new OutboundEvent(type, at, data.ToJsonString());
    }

    private static JsonObject MessageData(Message message)
    {
        var delivered = message.Status == MessageStatus.Delivered;
        return new JsonObject
        {
            ["sequence"] = message.Sequence,
            ["authorRole"] = Name(message.AuthorRole),
            ["authorId"] = message.AuthorId,
            ["status"] = Name(message.Status),
            ["sentAt"] = message.SentAt,
            ["reason"] = message.Reason,
            ["text"] = delivered ? message.Text : null,
            ["redacted"] = delivered && message.OriginalText is not null,
            ["policy"] = new JsonObject
            {
                ["verdict"] = message.Moderation.Verdict,
                ["findings"] = new JsonArray([.. message.Moderation.Findings.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["action"] = f.Action })]),
                ["violations"] = new JsonArray([.. message.Moderation.Violations.Select(v => (JsonNode)JsonValue.Create(v.Code))]),
            },
            ["attachments"] = new JsonArray([.. message.Attachments.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id, ["fileName"] = a.FileName, ["contentType"] = a.ContentType, ["sizeBytes"] = a.SizeBytes,
            })]),
        };
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
