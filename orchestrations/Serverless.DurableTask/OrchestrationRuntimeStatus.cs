namespace Serverless.DurableTask;

/// <summary>The lifecycle status of an orchestration instance (values match Microsoft.DurableTask).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>The instance is executing (started and not finished).</summary>
    Running = 0,

    /// <summary>The instance finished successfully.</summary>
    Completed = 1,

    /// <summary>The instance restarted itself with new input; only seen internally between executions.</summary>
    ContinuedAsNew = 2,

    /// <summary>The instance finished with an unhandled failure.</summary>
    Failed = 3,

    /// <summary>Kept for compatibility with Durable Task; not produced by this runtime.</summary>
    Canceled = 4,

    /// <summary>The instance was terminated by a client.</summary>
    Terminated = 5,

    /// <summary>The instance was created and has not started running yet (for example a scheduled start).</summary>
    Pending = 6,

    /// <summary>The instance was suspended by a client; events are kept until it is resumed.</summary>
    Suspended = 7,
}
