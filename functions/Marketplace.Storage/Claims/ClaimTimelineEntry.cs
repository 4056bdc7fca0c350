using Marketplace.Domain.Claims;

namespace Marketplace.Storage.Claims;

/// <summary>One transition of a claim: what was done, by whom, when, from which state to which, with its amount or reason.</summary>
public sealed record ClaimTimelineEntry(
    int Sequence, ClaimAction Action, ClaimActor Actor, string ActorId, ClaimState From, ClaimState To, DateTimeOffset At,
    decimal? Amount, string? Reason);
