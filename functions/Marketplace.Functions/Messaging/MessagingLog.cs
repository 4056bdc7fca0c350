namespace Marketplace.Functions.Messaging;

/// <summary>The messaging core's log events. Ids and codes only: never message text, names or secrets.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Webhook from {Marketplace} refused: {Code}")]
    public static partial void WebhookRefused(ILogger logger, string marketplace, string code);

    [LoggerMessage(1002, LogLevel.Information, "Webhook event {EventId} ({EventType}) from {Marketplace} accepted")]
    public static partial void WebhookAccepted(ILogger logger, string marketplace, string eventId, string eventType);

    [LoggerMessage(1003, LogLevel.Information, "Webhook event {EventId} from {Marketplace} was already accepted; not queued again")]
    public static partial void WebhookDuplicate(ILogger logger, string marketplace, string eventId);

    [LoggerMessage(1010, LogLevel.Information, "Applied {EventType} {EventId} to conversation {ConversationId}")]
    public static partial void EventApplied(ILogger logger, string eventType, string eventId, string conversationId);

    [LoggerMessage(1011, LogLevel.Information, "Event {EventId} for conversation {ConversationId} was already applied")]
    public static partial void EventAlreadyApplied(ILogger logger, string eventId, string conversationId);

    [LoggerMessage(1020, LogLevel.Information, "Message {Sequence} by {AuthorRole} appended to conversation {ConversationId} as {Status}")]
    public static partial void MessageAppended(ILogger logger, string conversationId, long sequence, string authorRole, string status);

    [LoggerMessage(1030, LogLevel.Information, "{ReaderRole} {ReaderId} read conversation {ConversationId} ({Action})")]
    public static partial void PrivilegedRead(ILogger logger, string readerRole, string readerId, string conversationId, string action);

    [LoggerMessage(1012, LogLevel.Warning, "Event {EventId} from {Marketplace} failed in a queued batch ({ErrorType}); queued again on its own to be retried")]
    public static partial void BatchedEventRequeued(ILogger logger, Exception exception, string marketplace, string eventId, string errorType);
}
