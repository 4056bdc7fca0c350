namespace Marketplace.Domain.Claims;

/// <summary>An action on a claim as asked: by whom, when, with the amount or reason it needs.</summary>
public sealed record ClaimRequest(ClaimAction Action, ClaimActor Actor, DateTimeOffset At, decimal? Amount = null, string? Reason = null);
