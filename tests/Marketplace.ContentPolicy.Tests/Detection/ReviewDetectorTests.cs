namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class ReviewDetectorTests
{
    [Theory]
    [InlineData("Please leave us a positive review!")]
    [InlineData("Would you give us 5 stars?")]
    [InlineData("We'll refund you $10 in exchange for a 5-star review.")]
    [InlineData("If you remove your negative feedback we will send you a gift.")]
    [InlineData("Por favor déjanos una calificación positiva")]
    [InlineData("Se você mudar sua avaliação, devolvemos o dinheiro")]
    [InlineData("Prosimy o wystawienie pozytywnej opinii")]
    [InlineData("Merci de laisser un avis 5 étoiles")]
    [InlineData("Bitte geben Sie uns eine positive Bewertung")]
    [InlineData("Could you please delete your review?")]
    public void Evaluate_ReviewManipulation_ReportsIt(string text) =>
        Assert.Contains(ReasonCodes.ReviewManipulation, Policy.Reasons(text));

    [Theory]
    [InlineData("If you have a moment, please leave an honest review.")]
    [InlineData("Leave us a review, good or bad, it helps other buyers.")]
    [InlineData("Thanks for your positive feedback!")]
    [InlineData("We will review your refund request today.")]
    [InlineData("À mon avis, c'est un bon produit.")]
    [InlineData("Buenas tardes, en mi opinión el color azul es mejor.")]
    [InlineData("Dzień dobry, prosimy o szczerą opinię o produkcie.")]
    public void Evaluate_HonestOrUnrelated_ReportsNothing(string text) =>
        Assert.DoesNotContain(ReasonCodes.ReviewManipulation, Policy.Reasons(text));
}
