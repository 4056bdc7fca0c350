namespace Serverless.DurableTask.Worker;

/// <summary>The activity context the worker hands to an activity.</summary>
internal sealed class WorkerActivityContext(TaskName name, string instanceId, string idempotencyKey, CancellationToken cancellationToken) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;

    public override string IdempotencyKey => idempotencyKey;

    public override CancellationToken CancellationToken => cancellationToken;
}
