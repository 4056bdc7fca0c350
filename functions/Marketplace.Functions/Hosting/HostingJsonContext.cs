using System.Text.Json.Serialization;

namespace Marketplace.Functions.Hosting;

/// <summary>Source-generated JSON for the custom-handler contract (PascalCase, as the Functions host reads it).</summary>
[JsonSerializable(typeof(CustomHandlerResponse))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;
