using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Source-generated log messages of the Azure Storage backend (event ids 7100-7199). Never logs payloads.</summary>
internal static partial class Log
{
    [LoggerMessage(7101, LogLevel.Debug, "Checkpoint of instance {InstanceId} lost to a concurrent writer.")]
    public static partial void Conflict(ILogger logger, string instanceId);

    [LoggerMessage(7102, LogLevel.Information, "Re-sent {Count} left-over outbox messages of instance {InstanceId}.")]
    public static partial void OutboxFlushed(ILogger logger, string instanceId, int count);

    [LoggerMessage(7103, LogLevel.Warning, "Outbox sweep failed; it will run again.")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(7104, LogLevel.Debug, "Timer message {MessageId} re-enqueued for its next hop (due {DueAt}).")]
    public static partial void TimerHop(ILogger logger, string messageId, DateTimeOffset dueAt);

    [LoggerMessage(7105, LogLevel.Error, "Queue message {QueueMessageId} on {Queue} cannot be decoded; it was dead-lettered.")]
    public static partial void Undecodable(ILogger logger, Exception exception, string queue, string queueMessageId);

    [LoggerMessage(7106, LogLevel.Warning, "Releasing messages of instance {InstanceId} after a failed load failed.")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(7107, LogLevel.Debug, "Moved {Count} parked timers of buckets up to {Bucket} into their queues.")]
    public static partial void TimersMoved(ILogger logger, int count, string bucket);

    [LoggerMessage(7108, LogLevel.Warning, "Moving the parked timers of bucket {Bucket} failed; its wake-up comes back in a few seconds.")]
    public static partial void WakeUpFailed(ILogger logger, Exception exception, string bucket);
}
