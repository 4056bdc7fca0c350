using Microsoft.DurableTask;

namespace Marketplace.Workflows;

/// <summary>
/// How a workflow retries a step that reads or writes our own storage (a claim's expiry, a deadline's record, a refund's
/// progress). Without it one failed call (storage busy or unreachable for a moment, a write that lost a race, a process
/// restarting) fails the whole orchestration for good, leaving a claim that never reaches mediation or a deadline that is
/// never recorded. Every such step is idempotent, so trying again is always safe. The retries span about an hour (1 s,
/// doubling up to 5 min between tries), long enough to outlast a storage outage, short enough that a step that can never
/// succeed still ends in a failed orchestration someone can see.
/// </summary>
public static class StorageStepRetries
{
    public const int MaxAttempts = 20;

    public static TimeSpan FirstRetry { get; } = TimeSpan.FromSeconds(1);

    public static TimeSpan MaxRetryInterval { get; } = TimeSpan.FromMinutes(5);

    public static TaskOptions Options { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(MaxAttempts, FirstRetry, backoffCoefficient: 2, maxRetryInterval: MaxRetryInterval));
}
