namespace Serverless.DurableTask;

/// <summary>What an activity knows about its invocation.</summary>
public abstract class TaskActivityContext
{
    /// <summary>The activity's registered name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The orchestration instance that scheduled the activity.</summary>
    public abstract string InstanceId { get; }

    /// <summary>
    /// Stable key of this scheduled call (instance id, execution id and task id): the same on every
    /// redelivery and retry-by-redelivery, different for each durable retry attempt. Use it to make
    /// side effects idempotent (e.g. as an Idempotency-Key header or a row key).
    /// </summary>
    public abstract string IdempotencyKey { get; }

    /// <summary>Cancelled when the worker is shutting down.</summary>
    public virtual CancellationToken CancellationToken => CancellationToken.None;
}
