namespace Serverless.DurableTask;

/// <summary>Options of a sub-orchestration, including its instance id (mirrors Microsoft.DurableTask).</summary>
public sealed record SubOrchestrationOptions : TaskOptions
{
    public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null)
        : base(retry)
    {
        InstanceId = instanceId;
    }

    public SubOrchestrationOptions(TaskOptions options, string? instanceId = null)
        : base(options?.Retry)
    {
        InstanceId = instanceId;
    }

    /// <summary>The child's instance id; null lets the runtime derive a deterministic one.</summary>
    public string? InstanceId { get; init; }
}
