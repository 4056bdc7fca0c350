using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Functions.EventsOut;

/// <summary>Source-generated JSON for event delivery's API and queue messages.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventKick))]
[JsonSerializable(typeof(EventsWebhookRequest))]
[JsonSerializable(typeof(EventsWebhookView))]
[JsonSerializable(typeof(ReplayRequest))]
[JsonSerializable(typeof(EventDeliveryView))]
[JsonSerializable(typeof(EventDeliveryPage))]
internal sealed partial class EventsOutJsonContext : JsonSerializerContext;
