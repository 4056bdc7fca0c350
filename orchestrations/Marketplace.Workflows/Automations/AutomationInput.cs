namespace Marketplace.Workflows.Automations;

/// <summary>
/// One automated send: the seller's automation, the order's conversation, the event that started it (name and time) and
/// when to send (the event's time plus the automation's delay).
/// </summary>
public sealed record AutomationInput(
    string Marketplace, string SellerId, string AutomationId, string ConversationId, string OrderId, string Event, DateTimeOffset EventAt,
    DateTimeOffset SendAt);
