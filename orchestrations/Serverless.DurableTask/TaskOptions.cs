namespace Serverless.DurableTask;

/// <summary>Options of a scheduled activity or sub-orchestration (mirrors Microsoft.DurableTask.TaskOptions).</summary>
public record TaskOptions
{
    public TaskOptions(TaskRetryOptions? retry = null)
    {
        Retry = retry;
    }

    /// <summary>Retry behaviour; null means no retry.</summary>
    public TaskRetryOptions? Retry { get; init; }

    /// <summary>Options that retry according to <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));

    /// <summary>Sub-orchestration options with an explicit instance id.</summary>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(this, instanceId);
}
