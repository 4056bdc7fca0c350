using Marketplace.Domain.Claims;

namespace Marketplace.Storage.Claims;

/// <summary>A claim as stored: the claim, the buyer's description, the thread it is discussed in, and its timeline length.</summary>
public sealed record StoredClaim(Claim Claim, string? Description, int Version)
{
    /// <summary>The claim's own conversation (messages go through the content policy like any other).</summary>
    public string ConversationId => ClaimStore.ConversationIdOf(Claim.Id);
}
