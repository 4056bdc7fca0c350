namespace Serverless.DurableTask;

/// <summary>Filter and paging for instance queries (mirrors Microsoft.DurableTask's OrchestrationQuery).</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created strictly before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only instances in one of these statuses (null or empty: any).</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances whose id starts with this prefix (ordinal).</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Maximum number of instances in one page.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Opaque token from a previous page; null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Whether inputs, outputs and custom status are returned.</summary>
    public bool FetchInputsAndOutputs { get; init; }
}
