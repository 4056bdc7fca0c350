using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Templates;

namespace Marketplace.Domain.Tests.Templates;

public sealed class TemplateTextTests
{
    private static readonly Conversation s_order = new(
        "amazon~o~111-1", "amazon", ConversationKind.Order, "111-1", null, "b-1", "s-1", "en", OrderStatus.Shipped, DateTimeOffset.UnixEpoch,
        null, [new OrderItem("SKU-1", "Desk lamp", 1)], ConversationSummary.Empty)
    {
        Shipment = new OrderShipment("1Z999AA10123456784", "UPS", DateTimeOffset.UnixEpoch, null),
    };

    [Fact]
    public void Render_OrderAndVariables_FillsEachPlaceholderAndLiteralBraces()
    {
        var text = TemplateText.Render(
            "Order {orderId}: tracking {trackingNumber} with {carrier}; {{not a placeholder}} for {name}.",
            name => name == "name" ? "Ana" : TemplateFilling.FromOrder(name, s_order)!);

        Assert.Equal("Order 111-1: tracking 1Z999AA10123456784 with UPS; {not a placeholder} for Ana.", text);
    }

    [Fact]
    public void FromOrder_BuyerName_IsTheOrdersBuyerName_NullWhenTheOrderHasNone()
    {
        Assert.Equal("Ana María", TemplateFilling.FromOrder(TemplatePlaceholders.BuyerName, s_order with { BuyerName = "Ana María" }));
        Assert.Null(TemplateFilling.FromOrder(TemplatePlaceholders.BuyerName, s_order));
        Assert.Contains(TemplatePlaceholders.BuyerName, TemplatePlaceholders.FromOrder);
    }

    [Fact]
    public void Render_ValueLooksLikeAPlaceholder_IsInsertedAsPlainTextNotFilledAgain()
    {
        var text = TemplateText.Render("Hello {name}, order {orderId}", name => name == "name" ? "{orderId} {{x}}" : "111-1");

        Assert.Equal("Hello {orderId} {{x}}, order 111-1", text);
    }

    [Fact]
    public void Placeholders_Body_ListsEachOnceIgnoringEscapedBraces()
    {
        Assert.Equal(["orderId", "date"], TemplateText.Placeholders("{orderId} {{orderId}} {date} {orderId} { spaced }"));
    }

    [Fact]
    public void ProtectThenUnprotect_DictionaryMarkupReplacedByItsTranslation_GivesTheBodyBack()
    {
        var body = "Your order {orderId} ships on {date}.";

        var protectedBody = TemplateText.Protect(body);
        var fromService = "Ihre Bestellung {orderId} wird am {date} versandt.";

        Assert.Equal("Your order <mstrans:dictionary translation=\"{orderId}\">{orderId}</mstrans:dictionary> ships on "
            + "<mstrans:dictionary translation=\"{date}\">{date}</mstrans:dictionary>.", protectedBody);
        Assert.Equal(fromService, TemplateText.Unprotect(fromService, body));
        Assert.Null(TemplateText.Unprotect("Ihre Bestellung {bestellnummer} wird am {date} versandt.", body));
    }

    [Fact]
    public void CheckVariables_MissingBadlyTypedUndeclaredAndOrderValues_NamesEachOne()
    {
        var declared = new[] { new TemplateVariable("name", TemplateVariableType.Text), new TemplateVariable("days", TemplateVariableType.Number),
            new TemplateVariable("date", TemplateVariableType.Date) };
        var supplied = new Dictionary<string, TemplateValue>
        {
            ["days"] = new("three", IsNumber: false),
            ["date"] = new("24/12/2026", IsNumber: false),
            ["orderId"] = new("forged", IsNumber: false),
            ["colour"] = new("red", IsNumber: false),
        };
        var errors = new Dictionary<string, string[]>();

        TemplateFilling.CheckVariables(declared, supplied, errors);

        Assert.Equal(["variables.colour", "variables.date", "variables.days", "variables.name", "variables.orderId"], errors.Keys.Order());
    }

    [Fact]
    public void CheckVariables_GoodValues_NormalisedWithoutErrors()
    {
        var declared = new[] { new TemplateVariable("name", TemplateVariableType.Text), new TemplateVariable("days", TemplateVariableType.Number),
            new TemplateVariable("date", TemplateVariableType.Date) };
        var errors = new Dictionary<string, string[]>();

        var values = TemplateFilling.CheckVariables(
            declared,
            new Dictionary<string, TemplateValue> { ["name"] = new(" Ana ", false), ["days"] = new("3", true), ["date"] = new("2026-12-24", false) },
            errors);

        Assert.Empty(errors);
        Assert.Equal("Ana", values["name"]);
        Assert.Equal("3", values["days"]);
        Assert.Equal("2026-12-24", values["date"]);
    }

    [Fact]
    public void CheckVariables_TextWithLineBreak_Refused()
    {
        var errors = new Dictionary<string, string[]>();

        TemplateFilling.CheckVariables(
            [new TemplateVariable("name", TemplateVariableType.Text)], new Dictionary<string, TemplateValue> { ["name"] = new("Ana\nCall me", false) }, errors);

        Assert.True(errors.ContainsKey("variables.name"));
    }
}
