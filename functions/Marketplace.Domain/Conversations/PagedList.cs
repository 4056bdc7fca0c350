namespace Marketplace.Domain.Conversations;

/// <summary>One page of a listing; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, string? NextCursor);
