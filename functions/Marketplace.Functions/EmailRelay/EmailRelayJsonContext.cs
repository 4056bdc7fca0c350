using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Functions.EmailRelay;

/// <summary>Source-generated JSON for the relay's queue messages and API bodies.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InboundEmailJob))]
[JsonSerializable(typeof(EmailKick))]
[JsonSerializable(typeof(EmailSettingsRequest))]
[JsonSerializable(typeof(EmailSettingsView))]
[JsonSerializable(typeof(RevokeAliasRequest))]
[JsonSerializable(typeof(EmailAliasView))]
[JsonSerializable(typeof(InboundEmailAccepted))]
internal sealed partial class EmailRelayJsonContext : JsonSerializerContext;
