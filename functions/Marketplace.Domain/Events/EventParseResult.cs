namespace Marketplace.Domain.Events;

/// <summary>What parsing an event envelope gave: the event, the bad fields, or an unknown type.</summary>
public sealed record EventParseResult(MarketplaceEvent? Event, IReadOnlyDictionary<string, string[]> Errors, string? UnknownType)
{
    public bool IsValid => Event is not null;

    /// <summary>The envelope's <c>type</c> (one of <see cref="EventTypes.All"/>) when the event is valid.</summary>
    public string? Type { get; init; }
}
