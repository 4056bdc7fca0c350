using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Messaging.Webhooks;

namespace Marketplace.Functions.Messaging;

/// <summary>Source-generated JSON for the messaging API and queue messages.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(QueuedMarketplaceEvent))]
[JsonSerializable(typeof(QueuedMarketplaceEvents))]
[JsonSerializable(typeof(ConversationCheck))]
[JsonSerializable(typeof(WebhookAccepted))]
[JsonSerializable(typeof(ConversationView))]
[JsonSerializable(typeof(MessageView))]
[JsonSerializable(typeof(MessagePage))]
[JsonSerializable(typeof(InboxPage))]
[JsonSerializable(typeof(MarketplaceInboxPage))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(MarkReadRequest))]
[JsonSerializable(typeof(AttachmentView))]
[JsonSerializable(typeof(AuditEntryView[]))]
[JsonSerializable(typeof(HeldMessagePage))]
[JsonSerializable(typeof(BuyerPreferences))]
[JsonSerializable(typeof(BuyerPreferencesRequest))]
[JsonSerializable(typeof(Marketplace.Functions.Deadlines.SellerSettingsRequest))]
[JsonSerializable(typeof(Marketplace.Functions.Deadlines.SellerSettingsView))]
[JsonSerializable(typeof(Marketplace.Functions.Deadlines.VacationRequest))]
[JsonSerializable(typeof(Marketplace.Functions.Deadlines.VacationView))]
[JsonSerializable(typeof(Marketplace.Functions.Deadlines.VacationPage))]
[JsonSerializable(typeof(Marketplace.Functions.Deadlines.DeadlinePage))]
[JsonSerializable(typeof(Marketplace.Functions.Deadlines.SellerMetricsView))]
[JsonSerializable(typeof(IReadOnlyList<Marketplace.Domain.Conversations.ModerationFinding>))]
[JsonSerializable(typeof(IReadOnlyList<Marketplace.Domain.Conversations.ModerationViolation>))]
internal sealed partial class MessagingJsonContext : JsonSerializerContext;
