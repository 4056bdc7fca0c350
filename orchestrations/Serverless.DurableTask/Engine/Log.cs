using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.Engine;

/// <summary>Source-generated log messages of the engine and worker (event ids 7000-7099). Never logs payloads.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Debug, "Dropped message {MessageId} for instance {InstanceId}: {Reason}.")]
    public static partial void Dropped(ILogger logger, string instanceId, string messageId, string reason);

    [LoggerMessage(7002, LogLevel.Error, "Orchestrator {Name} of instance {InstanceId} is non-deterministic: {Detail}")]
    public static partial void NonDeterministic(ILogger logger, string instanceId, string name, string detail);

    [LoggerMessage(7003, LogLevel.Information, "Checkpoint conflict on instance {InstanceId}; the work item will be redelivered.")]
    public static partial void CheckpointConflict(ILogger logger, string instanceId);

    [LoggerMessage(7004, LogLevel.Warning, "Processing instance {InstanceId} failed (delivery {DequeueCount}); it will be retried.")]
    public static partial void OrchestrationStepFailed(ILogger logger, Exception exception, string instanceId, long dequeueCount);

    [LoggerMessage(7005, LogLevel.Error, "Dead-lettered message {MessageId} for instance {InstanceId}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string instanceId, string reason);

    [LoggerMessage(7006, LogLevel.Warning, "Activity {Name} for instance {InstanceId} could not be run (delivery {DequeueCount}); it will be retried.")]
    public static partial void ActivityDeliveryFailed(ILogger logger, Exception exception, string name, string instanceId, long dequeueCount);

    [LoggerMessage(7007, LogLevel.Error, "Worker loop {Loop} failed; continuing.")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(7008, LogLevel.Warning, "Sending the outbox or deleting messages of instance {InstanceId} failed after the checkpoint committed; redelivery and the outbox sweep will finish it.")]
    public static partial void PostCommitFailed(ILogger logger, Exception exception, string instanceId);
}
