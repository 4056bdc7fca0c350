namespace Marketplace.Functions.Messaging.Api;

/// <summary>A page of the admins' queue of held messages, oldest first.</summary>
public sealed record HeldMessagePage(IReadOnlyList<HeldMessageView> Items, string? NextCursor);

/// <summary>One held message with the conversation it belongs to.</summary>
public sealed record HeldMessageView(string ConversationId, string Marketplace, MessageView Message);
