using System.Text;
using System.Text.Json;
using Marketplace.Storage.Outbox;

namespace Marketplace.Functions.EventsOut;

/// <summary>
/// The body of an event we send: the envelope incoming webhooks use (<c>id</c>, <c>type</c>, <c>occurredAt</c>,
/// <c>data</c>) plus <c>marketplace</c> and <c>stream</c>. The id is the stream and the event's position in it: stable
/// across retries and replays, so it is also the delivery's idempotency key.
/// </summary>
internal static class EventEnvelope
{
    public static string IdOf(EventStreamName stream, StoredOutboundEvent e) => $"{stream}/{e.Position}";

    public static byte[] Serialize(string marketplace, EventStreamName stream, StoredOutboundEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", IdOf(stream, e));
            json.WriteString("type", e.Event.Type);
            json.WriteString("occurredAt", e.Event.OccurredAt);
            json.WriteString("marketplace", marketplace);
            json.WriteString("stream", stream.ToString());
            json.WritePropertyName("data");
            json.WriteRawValue(Encoding.UTF8.GetBytes(e.Event.DataJson));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
