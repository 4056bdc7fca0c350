using System.Text;
using Marketplace.Domain.Events;

namespace Marketplace.Domain.Tests.Events;

public sealed class MarketplaceEventParserTests
{
    [Fact]
    public void Parse_ValidOrderCreated_ReturnsTheOrder()
    {
        var result = Parse("""
            {"id":"evt-1","type":"order.created","occurredAt":"2026-11-23T10:00:00Z",
             "data":{"orderId":"113-4567890-1234567","buyerId":"b-1","sellerId":"s-1","buyerLanguage":"es",
                     "placedAt":"2026-11-23T09:59:00Z","items":[{"sku":"SKU-1","title":"Lamp","quantity":2}]}}
            """);

        var order = Assert.IsType<OrderCreated>(result.Event);
        Assert.Equal("113-4567890-1234567", order.OrderId);
        Assert.Equal("es", order.BuyerLanguage);
        Assert.Equal(new OrderItem("SKU-1", "Lamp", 2), Assert.Single(order.Items));
    }

    [Fact]
    public void Parse_SeveralBadFields_ListsEachByPath()
    {
        var result = Parse("""
            {"id":"evt 1","type":"order.created","occurredAt":"yesterday",
             "data":{"orderId":"o/1","buyerId":"","sellerId":"s-1","buyerLanguage":"xx-notalanguage",
                     "placedAt":"2026-11-23T09:59:00Z","items":[{"sku":"SKU-1","title":"Lamp","quantity":0}]}}
            """);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["data.buyerId", "data.buyerLanguage", "data.items[0].quantity", "data.orderId", "id", "occurredAt"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_UnknownType_ReportsTheType()
    {
        var result = Parse("""{"id":"e","type":"order.exploded","occurredAt":"2026-11-23T10:00:00Z","data":{}}""");

        Assert.Equal("order.exploded", result.UnknownType);
        Assert.Null(result.Event);
    }

    [Fact]
    public void Parse_NotJson_ReportsTheBody()
    {
        var result = Parse("{not json");

        Assert.Contains("$", result.Errors.Keys);
    }

    [Fact]
    public void Parse_MessageReceivedWithAttachmentReference_KeepsTheReference()
    {
        var result = Parse("""
            {"id":"e2","type":"message.received","occurredAt":"2026-11-23T10:00:00Z",
             "data":{"orderId":"o-1","messageId":"m-1","authorRole":"buyer","authorId":"b-1","text":"Hola",
                     "sentAt":"2026-11-23T10:00:00Z",
                     "attachments":[{"fileName":"foto.jpg","contentType":"image/jpeg","sizeBytes":1234,"url":"https://files.example/1"}]}}
            """);

        var message = Assert.IsType<MessageReceived>(result.Event);
        Assert.Equal(PartyRole.Buyer, message.AuthorRole);
        Assert.Equal(new Uri("https://files.example/1"), Assert.Single(message.Attachments).Url);
    }

    [Fact]
    public void Parse_AttachmentReferenceOverPlainHttp_IsRefused()
    {
        var result = Parse("""
            {"id":"e2","type":"message.received","occurredAt":"2026-11-23T10:00:00Z",
             "data":{"orderId":"o-1","messageId":"m-1","authorRole":"buyer","authorId":"b-1","text":"Hola",
                     "sentAt":"2026-11-23T10:00:00Z",
                     "attachments":[{"fileName":"foto.jpg","contentType":"image/jpeg","sizeBytes":1234,"url":"http://files.example/1"}]}}
            """);

        Assert.Equal(["data.attachments[0].url"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("order.shipped", OrderStatus.Shipped)]
    [InlineData("order.delivered", OrderStatus.Delivered)]
    [InlineData("order.completed", OrderStatus.Completed)]
    public void Parse_StatusEvents_MapToTheStatus(string type, OrderStatus expected)
    {
        var result = Parse($$$"""{"id":"e","type":"{{{type}}}","occurredAt":"2026-11-23T10:00:00Z","data":{"orderId":"o-1"}}""");

        Assert.Equal(expected, Assert.IsType<OrderStatusChanged>(result.Event).Status);
    }

    private static EventParseResult Parse(string json) => MarketplaceEventParser.Parse("amazon", Encoding.UTF8.GetBytes(json));
}
