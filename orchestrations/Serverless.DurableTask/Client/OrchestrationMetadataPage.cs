namespace Serverless.DurableTask;

/// <summary>One page of an instance query as clients see it.</summary>
/// <param name="Instances">The instances of the page.</param>
/// <param name="ContinuationToken">Pass it in <see cref="OrchestrationQuery.ContinuationToken"/> for the next page; null at the end.</param>
public sealed record OrchestrationMetadataPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
