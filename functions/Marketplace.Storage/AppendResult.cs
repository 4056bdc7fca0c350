using Marketplace.Domain.Conversations;

namespace Marketplace.Storage;

/// <summary>The message now in the conversation, the conversation after it, and whether it was already there.</summary>
public sealed record AppendResult(Message Message, Conversation Conversation, bool WasDuplicate)
{
    /// <summary>The conversation just before this change (equal to <see cref="Conversation"/> for a duplicate).</summary>
    public Conversation? Before { get; init; }
}
