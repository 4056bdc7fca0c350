namespace Marketplace.Domain.Events;

/// <summary>What parsing an event envelope gave: the event, the bad fields, or an unknown type.</summary>
public sealed record EventParseResult(MarketplaceEvent? Event, IReadOnlyDictionary<string, string[]> Errors, string? UnknownType)
{
    public bool IsValid => Event is not null;
}
