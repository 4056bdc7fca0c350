namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class EmailDetectorTests
{
    [Theory]
    [InlineData("Write to john.smith@gmail.com please", "john.smith@gmail.com")]
    [InlineData("mi correo es juan.perez arroba gmail punto com", "juan.perez arroba gmail punto com")]
    [InlineData("contact: anna(at)wp(dot)pl", "anna(at)wp(dot)pl")]
    [InlineData("email me at maria [arroba] hotmail [punto] es", "maria [arroba] hotmail [punto] es")]
    [InlineData("pisz na kasia małpa onet kropka pl", "kasia małpa onet kropka pl")]
    [InlineData("écrivez à pierre arobase orange point fr", "pierre arobase orange point fr")]
    [InlineData("j o h n @ g m a i l . c o m", "j o h n @ g m a i l . c o m")]
    [InlineData("my mail is bob at gmail dot com", "bob at gmail dot com")]
    [InlineData("Meine Adresse: klaus.meyer＠gmx.de", "klaus.meyer＠gmx.de")]
    public void Evaluate_EmailAddress_ReportsPersonalDataWithOriginalSpan(string text, string expectedSpan)
    {
        var finding = Assert.Single(Policy.Check(text).Findings);

        Assert.Equal(ReasonCodes.PersonalData, finding.ReasonCode);
        Assert.Equal("email", finding.Kind);
        Assert.Equal(expectedSpan, text.Substring(finding.Start, finding.Length));
        Assert.Contains("email address", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Please look at amazon.com for the return label.")]
    [InlineData("The courier will arrive at 5 pm at your door.")]
    [InlineData("Hola a tod@s, gracias por la compra.")]
    public void Evaluate_EverydayTextWithAt_ReportsNoEmail(string text) =>
        Assert.DoesNotContain(Policy.Check(text).Findings, f => f.Kind == "email");
}
