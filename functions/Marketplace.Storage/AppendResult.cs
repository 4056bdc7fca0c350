using Marketplace.Domain.Conversations;

namespace Marketplace.Storage;

/// <summary>The message now in the conversation, the conversation after it, and whether it was already there.</summary>
public sealed record AppendResult(Message Message, Conversation Conversation, bool WasDuplicate)
{
    /// <summary>The conversation just before this change (equal to <see cref="Conversation"/> for a duplicate).</summary>
    public Conversation? Before { get; init; }

    /// <summary>
    /// The conversation as the commit that wrote this message left it, when later messages were committed with it (group
    /// commit); otherwise <see cref="Conversation"/>. What the inboxes should show.
    /// </summary>
    public Conversation? Committed { get; init; }

    /// <summary>For a duplicate: the fingerprint of the request first applied under the same deduplication, if it kept one.</summary>
    public string? AppliedFingerprint { get; init; }

    /// <summary>Whether this is a duplicate whose deduplication was first applied for another request (a reused key).</summary>
    public bool IsDuplicateOfAnotherRequest(Deduplication? deduplication) =>
        WasDuplicate && deduplication?.Fingerprint is { } asked && AppliedFingerprint is { } applied && asked != applied;

    /// <summary>The newest state this write knows: <see cref="Committed"/> if set, else <see cref="Conversation"/>.</summary>
    public Conversation Latest => Committed ?? Conversation;
}
