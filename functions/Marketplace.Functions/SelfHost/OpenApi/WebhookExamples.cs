using System.Text.Json.Nodes;

namespace Marketplace.Functions.SelfHost.OpenApi;

/// <summary>One envelope per webhook event type, as the parser accepts it (<c>MarketplaceEventParser</c>): the API description's examples.</summary>
internal static class WebhookExamples
{
    public static IReadOnlyDictionary<string, (string Summary, string Json)> ByType { get; } = new Dictionary<string, (string, string)>
    {
        ["order.created"] = ("A new order: opens its conversation (total optional; claims need it)", """
            {"id":"evt-1001","type":"order.created","occurredAt":"2026-12-01T08:00:00Z","data":{"orderId":"o-1","buyerId":"b-1","sellerId":"s-1","buyerLanguage":"es","buyerName":"Ana María","placedAt":"2026-12-01T08:00:00Z","items":[{"sku":"SKU-1","title":"Desk lamp","quantity":1}],"total":{"amount":80.00,"currency":"EUR"}}}
            """),
        ["order.shipped"] = ("The order shipped (trackingNumber optional)", """
            {"id":"evt-1002","type":"order.shipped","occurredAt":"2026-12-02T08:00:00Z","data":{"orderId":"o-1","trackingNumber":"1Z999"}}
            """),
        ["order.delivered"] = ("The order was delivered", """
            {"id":"evt-1003","type":"order.delivered","occurredAt":"2026-12-04T08:00:00Z","data":{"orderId":"o-1"}}
            """),
        ["order.completed"] = ("The order is complete (starts the 30-day window for seller messages)", """
            {"id":"evt-1004","type":"order.completed","occurredAt":"2026-12-05T08:00:00Z","data":{"orderId":"o-1"}}
            """),
        ["message.received"] = ("A message written on the marketplace's own site (attachments by reference, optional)", """
            {"id":"evt-1005","type":"message.received","occurredAt":"2026-12-02T09:00:00Z","data":{"orderId":"o-1","messageId":"mkt-77","authorRole":"buyer","authorId":"b-1","text":"Where is my parcel?","sentAt":"2026-12-02T09:00:00Z","attachments":[{"fileName":"photo.jpg","contentType":"image/jpeg","sizeBytes":52000,"url":"https://files.example.com/photo.jpg"}]}}
            """),
        ["question.asked"] = ("A pre-sale question on a listing: opens a question thread", """
            {"id":"evt-1006","type":"question.asked","occurredAt":"2026-12-01T07:00:00Z","data":{"questionId":"q-1","listingId":"l-9","buyerId":"b-1","sellerId":"s-1","text":"Does it ship to Spain?","buyerLanguage":"es","askedAt":"2026-12-01T07:00:00Z"}}
            """),
        ["claim.opened"] = ("A claim the buyer opened on the marketplace (description and total optional)", """
            {"id":"evt-1007","type":"claim.opened","occurredAt":"2026-12-06T08:00:00Z","data":{"claimId":"c-1","orderId":"o-1","buyerId":"b-1","reason":"damaged","desiredResolution":"refund","description":"The lamp arrived broken.","openedAt":"2026-12-06T08:00:00Z"}}
            """),
        ["return.delivered"] = ("The returned item reached the seller: a refund waiting for the return is paid (claimId is ours: the id of GET /api/claims)", """
            {"id":"evt-1008","type":"return.delivered","occurredAt":"2026-12-09T15:00:00Z","data":{"claimId":"cl-5f0e2b7c9a1d4e6f8b3a2c1d0e9f8a7b","trackingNumber":"1Z999AA10123456784","deliveredAt":"2026-12-09T14:55:00Z"}}
            """),
    };

    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
