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

    // A lone surrogate escape is valid JSON syntax but not text; reading it used to throw (a 500 the marketplace retries forever).
    [Theory]
    [InlineData("""{"id":"e","type":"order.shipped\ud800","occurredAt":"2026-11-23T10:00:00Z","data":{"orderId":"o-1"}}""", "type")]
    [InlineData("""{"id":"e","type":"order.shipped","occurredAt":"2026-11-23T10:00:00Z","data":{"orderId":"o-1","trackingNumber":"\udc00"}}""", "data.trackingNumber")]
    [InlineData("""{"id":"e","type":"order.shipped","occurredAt":"2026-11-23T10:00:00Z","data":{"orderId":"o-1","extra":{"notes":["ok","\ud800x"]}}}""", "data.extra.notes[1]")]
    [InlineData("""{"id":"e","type":"order.shipped","occurredAt":"2026-11-23T10:00:00Z","data":{"orderId":"o-1","bad\ud800name":1}}""", "data")]
    [InlineData("""{"id":"e","type":"order.shipped","occurredAt":"2026-11-23T10:00:00Z","\udfff":1,"data":{"orderId":"o-1"}}""", "$")]
    public void Parse_LoneSurrogateAnywhere_IsABadFieldNamedByPath(string json, string path)
    {
        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Equal([path], result.Errors.Keys);
        Assert.Contains("Unicode", Assert.Single(result.Errors[path]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("authorId")]
    [InlineData("unknownField")]
    public void Parse_InvalidUtf8BytesInAString_IsABadFieldNamedByPath(string field)
    {
        var json = Encoding.UTF8.GetBytes(MessageWith(field, "@@@"));
        var at = json.AsSpan().IndexOf("@@@"u8);
        json[at] = 0xC3; // a lead byte followed by '(' is not UTF-8
        json[at + 1] = (byte)'(';
        json[at + 2] = 0xFF; // never valid in UTF-8

        var result = MarketplaceEventParser.Parse("amazon", json);

        Assert.False(result.IsValid);
        Assert.Equal(["data." + field], result.Errors.Keys);
    }

    [Fact]
    public void Parse_InvalidUtf8BytesInAPropertyName_NamesTheObject()
    {
        var json = Encoding.UTF8.GetBytes(MessageWith("@@", "x"));
        var at = json.AsSpan().IndexOf("@@"u8);
        json[at] = 0xED; // the UTF-8 form of a surrogate (U+D800) is not allowed
        json[at + 1] = 0xA0;

        var result = MarketplaceEventParser.Parse("amazon", json);

        Assert.Equal(["data"], result.Errors.Keys);
    }

    [Theory]
    [InlineData(@"\u0000")]
    [InlineData(@"\u0007")]
    [InlineData(@"\u001b[31m")]
    public void Parse_ControlCharacterInMessageText_IsRefused(string escaped)
    {
        var result = Parse(MessageWith("text", "Hola" + escaped));

        Assert.Equal(["data.text"], result.Errors.Keys);
    }

    [Fact]
    public void Parse_TabsAndLineBreaksInMessageText_AreKept()
    {
        var result = Parse(MessageWith("text", @"Line 1\r\nLine 2\tend"));

        Assert.Equal("Line 1\r\nLine 2\tend", Assert.IsType<MessageReceived>(result.Event).Text);
    }

    // Enum.TryParse read "1" and "buyer,seller" (Buyer|Seller = 1) as seller.
    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("buyer,seller")]
    [InlineData(" buyer")]
    public void Parse_AuthorRoleThatIsNotARoleName_IsRefused(string role)
    {
        var result = Parse(MessageWith("authorRole", role));

        Assert.Equal(["data.authorRole"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("buyer", PartyRole.Buyer)]
    [InlineData("Seller", PartyRole.Seller)]
    public void Parse_AuthorRoleName_InAnyCase_IsTheRole(string role, PartyRole expected)
    {
        Assert.Equal(expected, Assert.IsType<MessageReceived>(Parse(MessageWith("authorRole", role)).Event).AuthorRole);
    }

    [Fact]
    public void Parse_OrderCreatedWithBuyerName_KeepsItTrimmed_AbsentIsNull()
    {
        var named = Parse(OrderCreatedWith(",\"buyerName\":\"  Ana María  \""));
        var unnamed = Parse(OrderCreatedWith(""));

        Assert.Equal("Ana María", Assert.IsType<OrderCreated>(named.Event).BuyerName);
        Assert.Null(Assert.IsType<OrderCreated>(unnamed.Event).BuyerName);
    }

    [Theory]
    [InlineData(",\"buyerName\":\"Ana\\u0007\"")]
    [InlineData(",\"buyerName\":\"Ana\\nMaría\"")]
    [InlineData(",\"buyerName\":\"   \"")]
    [InlineData(",\"buyerName\":42")]
    public void Parse_OrderCreatedWithABadBuyerName_IsABadFieldNamedByPath(string field)
    {
        var result = Parse(OrderCreatedWith(field));

        Assert.Equal(["data.buyerName"], result.Errors.Keys);
    }

    [Fact]
    public void Parse_OrderCreatedWithATooLongBuyerName_IsRefused()
    {
        var result = Parse(OrderCreatedWith($",\"buyerName\":\"{new string('a', MarketplaceEventParser.MaxBuyerNameLength + 1)}\""));

        Assert.Equal(["data.buyerName"], result.Errors.Keys);
    }

    private static string OrderCreatedWith(string extraFields) => $$$"""
        {"id":"evt-1","type":"order.created","occurredAt":"2026-11-23T10:00:00Z",
         "data":{"orderId":"o-1","buyerId":"b-1","sellerId":"s-1","buyerLanguage":"es",
                 "placedAt":"2026-11-23T09:59:00Z","items":[{"sku":"SKU-1","title":"Lamp","quantity":2}]{{{extraFields}}}}}
        """;

    private static string MessageWith(string field, string escapedValue)
    {
        var data = new Dictionary<string, string>
        {
            ["orderId"] = "o-1", ["messageId"] = "m-1", ["authorRole"] = "buyer", ["authorId"] = "b-1", ["text"] = "Hola",
            ["sentAt"] = "2026-11-23T10:00:00Z",
        };
        data[field] = "VALUE";
        var fields = string.Join(",", data.Select(p => $"\"{p.Key}\":\"{(p.Value == "VALUE" ? escapedValue : p.Value)}\""));
        return $$$"""{"id":"e","type":"message.received","occurredAt":"2026-11-23T10:00:00Z","data":{{{{fields}}}}}""";
    }

    private static EventParseResult Parse(string json) => MarketplaceEventParser.Parse("amazon", Encoding.UTF8.GetBytes(json));
}
