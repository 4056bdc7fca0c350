using System.Text;
using System.Text.Json;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>
/// The app (see <see cref="TestAppFactory"/>) with known webhook secrets, and helpers to sign webhooks,
/// mint tokens for any caller and seed conversations.
/// </summary>
public sealed class MessagingApp : TestAppFactory
{
    public const string AmazonSecret = "test-webhook-secret-amazon-000001";
    public const string AllegroSecret = "test-webhook-secret-allegro-00001";

    public MessagingApp(AzuriteFixture azurite)
        : base(azurite)
    {
        WithSetting("Messaging:WebhookSecrets:amazon", AmazonSecret);
        WithSetting("Messaging:WebhookSecrets:allegro", AllegroSecret);
        WithSetting("Logging:LogLevel:Default", "Warning");
    }

    public StorageNames Names => Services.GetRequiredService<StorageNames>();

    /// <summary>A client whose requests carry a token for <paramref name="caller"/> (none when null).</summary>
    public HttpClient ClientFor(Caller? caller) =>
        caller is null ? CreateClient() : CreateClientFor(caller.Role, caller.PartyId, caller.Marketplace);

    public string Token(Caller caller) => Tokens.For(caller.Role, caller.PartyId, caller.Marketplace);

    public string ExpiredToken(Caller caller) => Tokens.Expired(caller.Role, caller.PartyId, caller.Marketplace);

    public Task<HttpResponseMessage> PostWebhookAsync(
        string marketplace, string body, string? secret = null, DateTimeOffset? signedAt = null, string? signatureHeader = null) =>
        PostWebhookAsync(marketplace, Encoding.UTF8.GetBytes(body), secret, signedAt, signatureHeader);

    /// <summary>Posts exactly these bytes, signed (for bodies that are not UTF-8).</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(
        string marketplace, byte[] bytes, string? secret = null, DateTimeOffset? signedAt = null, string? signatureHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{marketplace}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var signature = signatureHeader ?? WebhookSignature.Create(bytes, secret ?? AmazonSecret, signedAt ?? DateTimeOffset.UtcNow);
        if (signature.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature);
        }

        using var client = CreateClient();
        return await client.SendAsync(request);
    }

    /// <summary>Creates an order conversation directly in storage (the webhook path has its own tests).</summary>
    public async Task<Conversation> SeedOrderAsync(
        string orderId, string buyerId, string sellerId, string marketplace = "amazon", OrderTotal? total = null, string buyerLanguage = "en")
    {
        var conversation = new Conversation(
            Identifiers.OrderConversationId(marketplace, orderId), marketplace, ConversationKind.Order, orderId, null, buyerId, sellerId,
            buyerLanguage, OrderStatus.Placed, DateTimeOffset.UtcNow, null, [new OrderItem("SKU-1", "Desk lamp", 1)], ConversationSummary.Empty)
        {
            Total = total,
        };
        await Services.GetRequiredService<ConversationStore>().TryCreateAsync(conversation, CancellationToken.None);
        await Services.GetRequiredService<InboxProjector>().ProjectAsync(conversation, CancellationToken.None);
        return conversation;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (queue processing is asynchronous), for up to 30 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Envelope(string id, string type, string data, DateTimeOffset? occurredAt = null) =>
        $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{(occurredAt ?? DateTimeOffset.UtcNow):O}}","data":{{data}}}""";

    public static string OrderCreated(string eventId, string orderId, string buyer, string seller) => Envelope(eventId, "order.created", $$"""
        {"orderId":"{{orderId}}","buyerId":"{{buyer}}","sellerId":"{{seller}}","buyerLanguage":"es",
         "placedAt":"2026-11-23T08:00:00Z","items":[{"sku":"SKU-1","title":"Lámpara","quantity":1}]}
        """);

    public static string MessageReceived(string eventId, string orderId, string role, string author, string text, DateTimeOffset? sentAt = null) =>
        Envelope(eventId, "message.received", $$"""
        {"orderId":"{{orderId}}","messageId":"mkt-{{eventId}}","authorRole":"{{role}}","authorId":"{{author}}",
         "text":{{JsonSerializer.Serialize(text)}},"sentAt":"{{(sentAt ?? new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)):O}}"}
        """);
}
