using System.Text.Json.Serialization;

namespace Marketplace.Functions.Hosting;

/// <summary>Camel-case JSON for the admin API (the custom-handler shape keeps the host's PascalCase).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PoisonQueueView))]
[JsonSerializable(typeof(RequeueResult))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
