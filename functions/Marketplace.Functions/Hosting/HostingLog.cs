namespace Marketplace.Functions.Hosting;

/// <summary>The hosting platform's log events: function names, message ids and error types; never message bodies.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(3001, LogLevel.Debug, "{Function} processed message {MessageId} (delivery {DequeueCount})")]
    public static partial void InvocationSucceeded(ILogger logger, string function, string messageId, long dequeueCount);

    [LoggerMessage(3002, LogLevel.Warning, "{Function} failed on message {MessageId} (delivery {DequeueCount} of {MaxDequeueCount}): {ErrorType}")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string function, string messageId, long dequeueCount, int maxDequeueCount, string errorType);

    [LoggerMessage(3003, LogLevel.Error, "Message {MessageId} of {Queue} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    public static partial void MovedToPoison(ILogger logger, string messageId, string queue, string poisonQueue, long dequeueCount);

    [LoggerMessage(3004, LogLevel.Warning, "Could not record why message {MessageId} of {Queue} failed")]
    public static partial void PoisonReasonNotRecorded(ILogger logger, Exception exception, string messageId, string queue);

    [LoggerMessage(3005, LogLevel.Warning, "Polling {Queue} failed; retrying in {Delay}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string queue, TimeSpan delay);

    [LoggerMessage(3006, LogLevel.Information, "Self-hosted: polling {Queue} for {Function} (batch {BatchSize}, concurrency {Concurrency})")]
    public static partial void PollingStarted(ILogger logger, string queue, string function, int batchSize, int concurrency);


    [LoggerMessage(3007, LogLevel.Warning, "Self-hosted: {Function} is disabled (its AzureWebJobs.<name>.Disabled setting); {Queue} is not polled")]
    public static partial void FunctionDisabled(ILogger logger, string function, string queue);

    [LoggerMessage(3008, LogLevel.Warning, "Could not settle message {MessageId} of {Queue} (it will be delivered again)")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string messageId, string queue);


    [LoggerMessage(3010, LogLevel.Information, "Admin {AdminId} requeued {Count} message(s) from {PoisonQueue} to {Queue}")]
    public static partial void Requeued(ILogger logger, string adminId, int count, string poisonQueue, string queue);

    [LoggerMessage(3011, LogLevel.Warning, "Could not extend the invisibility of message {MessageId} of {Queue}; trying again at the next renewal")]
    public static partial void LeaseRenewalFailed(ILogger logger, Exception exception, string messageId, string queue);

    [LoggerMessage(3012, LogLevel.Warning, "Message {MessageId} of {Queue} is no longer ours to renew (deleted, or received again after a lapse); its handler runs on")]
    public static partial void LeaseLost(ILogger logger, Exception exception, string messageId, string queue);
}
