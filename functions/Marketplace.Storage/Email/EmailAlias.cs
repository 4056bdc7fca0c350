using Marketplace.Domain.Events;

namespace Marketplace.Storage.Email;

/// <summary>
/// A party's relay address in one conversation (<c>{LocalPart}@{relay domain}</c>): mail from that party reaches the other
/// party from it, and the other party's replies to it come back to this conversation. Revoked, mail to it bounces with
/// <see cref="RevokedReason"/>.
/// </summary>
public sealed record EmailAlias(
    string LocalPart, string ConversationId, PartyRole Owner, string Marketplace, string OwnerId, DateTimeOffset CreatedAt,
    string? RevokedReason, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedReason is not null;

    /// <summary>Who writes to this alias: the owner's counterpart in the conversation.</summary>
    public PartyRole Writer => Owner == PartyRole.Buyer ? PartyRole.Seller : PartyRole.Buyer;
}
