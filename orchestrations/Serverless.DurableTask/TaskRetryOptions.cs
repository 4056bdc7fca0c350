namespace Serverless.DurableTask;

/// <summary>How a scheduled task is retried (mirrors Microsoft.DurableTask.TaskRetryOptions).</summary>
public sealed record TaskRetryOptions
{
    public TaskRetryOptions(RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>The retry policy.</summary>
    public RetryPolicy Policy { get; }

    public static implicit operator TaskRetryOptions(RetryPolicy policy) => new(policy);

    /// <summary>Creates retry options from a policy (the named alternative of the implicit conversion).</summary>
    public static TaskRetryOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}
