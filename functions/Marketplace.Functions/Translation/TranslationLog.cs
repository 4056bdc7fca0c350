namespace Marketplace.Functions.Translation;

/// <summary>Translation's log events: operations, counts, codes and ids only, never message text or keys.</summary>
internal static partial class TranslationLog
{
    [LoggerMessage(6001, LogLevel.Debug, "Translator {Operation}: {Elements} elements in {ElapsedMs} ms")]
    public static partial void CallSucceeded(ILogger logger, string operation, int elements, long elapsedMs);

    [LoggerMessage(6002, LogLevel.Warning, "Translator {Operation} failed: status {Status}, error {ErrorCode}, {Failure} {Exception}")]
    public static partial void CallFailed(ILogger logger, string operation, int status, int errorCode, string failure, string exception);

    [LoggerMessage(6010, LogLevel.Information, "Message {Sequence} of {ConversationId} translated into {Language}")]
    public static partial void Translated(ILogger logger, string conversationId, long sequence, string language);

    [LoggerMessage(6011, LogLevel.Warning, "Translating message {Sequence} of {ConversationId} into {Language} failed ({Failure}); attempt {Attempt} of {MaxAttempts}, next in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string conversationId, long sequence, string language, string failure, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(6012, LogLevel.Error, "Translating message {Sequence} of {ConversationId} into {Language} given up after {Attempts} attempts ({Failure}); readers keep the original")]
    public static partial void GivenUp(ILogger logger, string conversationId, long sequence, string language, int attempts, string failure);

    [LoggerMessage(6013, LogLevel.Warning, "The translation of message {Sequence} of {ConversationId} into {Language} is withheld: the content policy would {Verdict} it")]
    public static partial void TranslationWithheld(ILogger logger, string conversationId, long sequence, string language, string verdict);

    [LoggerMessage(6014, LogLevel.Warning, "Could not queue the translation of message {Sequence} of {ConversationId} (storage status {Status}); the follow-up check queues it")]
    public static partial void QueueFailed(ILogger logger, string conversationId, long sequence, int status);
}
