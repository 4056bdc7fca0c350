using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;

namespace Marketplace.Storage;

/// <summary>JSON for the small lists stored inside entities (order items, message attachments).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<OrderItem>))]
[JsonSerializable(typeof(List<MessageAttachment>))]
[JsonSerializable(typeof(MessageModeration))]
[JsonSerializable(typeof(TemplateUse))]
[JsonSerializable(typeof(List<Marketplace.Domain.Templates.TemplateVariable>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
