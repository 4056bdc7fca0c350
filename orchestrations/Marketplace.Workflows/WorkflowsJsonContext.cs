using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows;

/// <summary>Source-generated JSON for the webhooks the workflows send.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SellerWebhookBody))]
[JsonSerializable(typeof(Claims.ClaimReminderBody))]
internal sealed partial class WorkflowsJsonContext : JsonSerializerContext;
