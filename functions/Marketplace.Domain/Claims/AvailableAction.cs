namespace Marketplace.Domain.Claims;

/// <summary>An action the caller may take on a claim now, and until when (null: no deadline), as MercadoLibre lists them.</summary>
public sealed record AvailableAction(ClaimAction Action, DateTimeOffset? DueAt);
