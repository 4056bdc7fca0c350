using Marketplace.Storage.Email;

namespace Marketplace.Functions.EmailRelay;

/// <summary>A party's change of email relay settings: both fields are required.</summary>
/// <param name="Addresses">The addresses the party writes from (at most 5); mail to an alias from any other address bounces.</param>
/// <param name="Notifications">Also receive delivered messages by email, from the other party's alias (needs an address).</param>
public sealed record EmailSettingsRequest(IReadOnlyList<string>? Addresses, bool? Notifications);

/// <summary>A party's email relay settings, and whether the relay is on here at all.</summary>
public sealed record EmailSettingsView(IReadOnlyList<string> Addresses, bool Notifications, bool RelayEnabled);

/// <summary>An admin's revocation of an alias.</summary>
/// <param name="Reason"><c>abuse</c> or <c>conversation_closed</c>: the bounce tells senders which.</param>
public sealed record RevokeAliasRequest(string? Reason);

/// <summary>An email alias as admins see it.</summary>
public sealed record EmailAliasView(
    string Address, string ConversationId, string Owner, string OwnerId, DateTimeOffset CreatedAt, string? RevokedReason, DateTimeOffset? RevokedAt)
{
    public static EmailAliasView From(EmailAlias alias, string domain) => new(
        $"{alias.LocalPart}@{domain}", alias.ConversationId, alias.Owner == Domain.Events.PartyRole.Buyer ? "buyer" : "seller", alias.OwnerId,
        alias.CreatedAt, alias.RevokedReason, alias.RevokedAt);
}

/// <summary>The inbound webhook's answer: queued for its aliases, or ignored (an auto-reply or bounce, never relayed).</summary>
public sealed record InboundEmailAccepted(string Status, int Queued, string? IgnoredReason);
