namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class ContactRequestDetectorTests
{
    [Theory]
    [InlineData("Pasame tu número y te llamo")]
    [InlineData("send me your email and I'll forward the manual")]
    [InlineData("me passa seu telefone")]
    [InlineData("Proszę podaj swój numer telefonu")]
    [InlineData("Donnez-moi votre numéro, je vous rappelle")]
    [InlineData("Geben Sie mir Ihre Handynummer")]
    public void Evaluate_AskingForContactDetails_ReportsPersonalData(string text) =>
        Assert.Contains(Policy.Check(text).Findings, f => f.Kind == "contact-request" && f.ReasonCode == ReasonCodes.PersonalData);

    [Theory]
    [InlineData("Please send me your order number and a photo of the label.")]
    [InlineData("Pásame tu número de pedido y lo reviso.")]
    public void Evaluate_AskingForOrderNumber_ReportsNothing(string text) =>
        Assert.Empty(Policy.Check(text).Findings);
}
