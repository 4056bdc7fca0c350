namespace Serverless.DurableTask;

/// <summary>Which terminal instances a bulk purge deletes.</summary>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created strictly before this time (null: no upper bound).</param>
/// <param name="Statuses">Only these statuses; null means Completed, Failed and Terminated. Non-terminal statuses are ignored.</param>
public sealed record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);
