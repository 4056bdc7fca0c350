namespace Marketplace.Domain.Conversations;

/// <summary>What the order webhooks said about the parcel: tracking number and carrier (order.shipped), delivery (order.delivered).</summary>
public sealed record OrderShipment(string? TrackingNumber, string? Carrier, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt);
