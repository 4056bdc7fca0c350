using Marketplace.Domain.Claims;

namespace Marketplace.Storage.Claims;

/// <summary>Whose claims a list shows: a seller's or a buyer's (with their id), or a whole marketplace's (its staff).</summary>
public sealed record ClaimListScope(ClaimActor Role, string Marketplace, string? PartyId);
