namespace Serverless.DurableTask;

/// <summary>Declarative retry of an activity or sub-orchestration with exponential back-off on durable timers.</summary>
public sealed record RetryPolicy
{
    /// <param name="maxNumberOfAttempts">Total attempts including the first (at least 1).</param>
    /// <param name="firstRetryInterval">Delay before the first retry.</param>
    /// <param name="backoffCoefficient">Each further delay is multiplied by this (at least 1).</param>
    /// <param name="maxRetryInterval">Upper bound of a single delay (default: 1 hour).</param>
    /// <param name="retryTimeout">Give up retrying once this much time has passed since the first attempt (default: infinite).</param>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>Optional filter: retry only failures for which this returns true (default: all).</summary>
    public Func<TaskFailedException, bool>? HandleFailure { get; init; }

    /// <summary>The delay before retry number <paramref name="retryNumber"/> (1 = first retry).</summary>
    public TimeSpan GetDelay(int retryNumber)
    {
        double ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, retryNumber - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
