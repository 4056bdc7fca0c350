namespace Serverless.DurableTask.Backend;

/// <summary>One page of an instance query.</summary>
/// <param name="Instances">The instances of this page, ordered by creation time then instance id.</param>
/// <param name="ContinuationToken">Token for the next page, or null when this is the last one.</param>
public sealed record OrchestrationQueryResult(IReadOnlyList<OrchestrationState> Instances, string? ContinuationToken);
