namespace Marketplace.Storage.Outbox;

/// <summary>
/// An event for the marketplace, recorded in the same transaction as the change it reports (a transactional outbox), so a
/// change is never committed without its event nor an event sent for a change that never happened.
/// </summary>
/// <param name="Type">The event type, e.g. <c>message.created</c>.</param>
/// <param name="DataJson">The event's <c>data</c> object, serialised when the change commits (what was true then).</param>
public sealed record OutboundEvent(string Type, DateTimeOffset OccurredAt, string DataJson);

/// <summary>
/// A recorded event and its position in its stream. Positions of one stream sort (ordinally) in the order the changes
/// committed, which is the order they are delivered in.
/// </summary>
public sealed record StoredOutboundEvent(string Position, OutboundEvent Event);
