namespace Marketplace.Functions.EmailRelay;

/// <summary>The email relay's log events: ids, codes and counts only, never addresses, aliases' owners' addresses or text.</summary>
internal static partial class EmailRelayLog
{
    [LoggerMessage(9501, LogLevel.Information, "SMTP listener taking mail on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(9509, LogLevel.Critical, "SMTP listener could not take {Endpoint} ({Error}); no mail is received over SMTP until EmailRelay:ListenPort is free or changed")]
    public static partial void ListenFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(9502, LogLevel.Information, "Inbound email refused ({Code}): {Refusal}")]
    public static partial void Refused(ILogger logger, string code, string refusal);

    [LoggerMessage(9503, LogLevel.Information, "Inbound automatic email ignored ({Reason})")]
    public static partial void AutomaticIgnored(ILogger logger, string reason);

    [LoggerMessage(9504, LogLevel.Information, "Inbound email queued for {ConversationId} ({Bytes} bytes)")]
    public static partial void Queued(ILogger logger, string conversationId, int bytes);

    [LoggerMessage(9505, LogLevel.Information, "Inbound email stored as message {Sequence} of {ConversationId} ({Status}, {Attachments} attachments, {Refused} refused)")]
    public static partial void Stored(ILogger logger, string conversationId, long sequence, string status, int attachments, int refused);

    [LoggerMessage(9506, LogLevel.Information, "Inbound email for {ConversationId} dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string conversationId, string reason);

    [LoggerMessage(9510, LogLevel.Information, "Message {Sequence} of {ConversationId} emailed to the {Recipient}")]
    public static partial void Sent(ILogger logger, string conversationId, long sequence, string recipient);

    [LoggerMessage(9511, LogLevel.Information, "Email alias of the {Owner} in {ConversationId} revoked ({Reason})")]
    public static partial void Revoked(ILogger logger, string conversationId, string owner, string reason);

    [LoggerMessage(9512, LogLevel.Warning, "SMTP session faulted: {Failure}")]
    public static partial void SessionFaulted(ILogger logger, string failure);
}
