namespace Serverless.DurableTask.Backend;

/// <summary>One page of dead letters.</summary>
/// <param name="Items">Dead letters, oldest first.</param>
/// <param name="ContinuationToken">Token for the next page, or null when this is the last one.</param>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, string? ContinuationToken);
