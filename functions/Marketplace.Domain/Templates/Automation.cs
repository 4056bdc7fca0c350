namespace Marketplace.Domain.Templates;

/// <summary>
/// A seller's automation: on <see cref="Event"/> for one of their orders, send <see cref="TemplateId"/> (its current
/// version at send time) with <see cref="Variables"/> after <see cref="Delay"/>, unless paused then. An edit saves the next
/// <see cref="Version"/>; a send uses the automation as it is when its timer fires, and its message names that version.
/// </summary>
public sealed record Automation(
    string Id, string Marketplace, string SellerId, string TemplateId, string Event, TimeSpan Delay,
    IReadOnlyDictionary<string, string> Variables, bool Paused, DateTimeOffset CreatedAt)
{
    public int Version { get; init; } = 1;
}

/// <summary>The order events an automation can follow (API names).</summary>
public static class AutomationEvents
{
    public const string OrderShipped = "order_shipped";
    public const string OrderDelivered = "order_delivered";
    public const string ClaimOpened = "claim_opened";
    public const string ReturnReceived = "return_received";

    public static IReadOnlyList<string> All { get; } = [OrderShipped, OrderDelivered, ClaimOpened, ReturnReceived];

    /// <summary>The longest delay an automation may have.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(30);
}
