namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class MarkupDetectorTests
{
    [Theory]
    [InlineData("Use code SAVE20 on your next order", ReasonCodes.Promotion)]
    [InlineData("Visit our other store for more deals", ReasonCodes.Promotion)]
    [InlineData("Descubre nuestra nueva colección de verano", ReasonCodes.Promotion)]
    [InlineData("Kod rabatowy LATO15 na kolejne zakupy", ReasonCodes.Promotion)]
    [InlineData("10% de desconto na sua próxima compra", ReasonCodes.Promotion)]
    [InlineData("<a href=\"x\">click</a>", ReasonCodes.Html)]
    [InlineData("Thanks &nbsp; again", ReasonCodes.Html)]
    [InlineData("Thanks! 😊", ReasonCodes.Emoji)]
    [InlineData("Great ❤️ see you", ReasonCodes.Emoji)]
    public void Evaluate_MarketingMarkupOrEmoji_ReportsIt(string text, string reason) =>
        Assert.Contains(reason, Policy.Reasons(text));

    [Fact]
    public void Evaluate_AdjacentEmoji_ReportsOneFindingCoveringTheRun()
    {
        const string text = "Gracias 👍👍 🎉!";

        var finding = Assert.Single(Policy.Check(text).Findings);

        Assert.Equal("👍👍 🎉", text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("We can offer a 20% discount on this order as compensation.")]
    [InlineData("Size < 5 cm and weight > 2 kg")]
    [InlineData("© 2024 Acme™ — all rights reserved")]
    public void Evaluate_EverydayText_ReportsNothing(string text) =>
        Assert.Empty(Policy.Check(text).Findings);
}
