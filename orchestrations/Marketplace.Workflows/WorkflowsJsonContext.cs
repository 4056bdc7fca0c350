using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows;

/// <summary>Source-generated JSON for the webhooks the workflows send.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SellerWebhookBody))]
[JsonSerializable(typeof(Claims.ClaimReminderBody))]
[JsonSerializable(typeof(Refunds.RefundNoticeBody))]
[JsonSerializable(typeof(Refunds.RefundPaymentRequest))]
[JsonSerializable(typeof(Refunds.RefundPaymentResult))]
internal sealed partial class WorkflowsJsonContext : JsonSerializerContext;
