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
    public void Evaluate_EmailAddress_ReportsPersonalDataWithOriginalSpan(string text, string expectedSpan) =>
        AssertSingleEmail(text, expectedSpan);

    // Most addresses people paste are not webmail: a shop's own domain, a country's second-level domain, a subdomain,
    // an internationalised domain (as typed or in its xn-- form), plus-addressing and dotted local parts.
    [Theory]
    [InlineData("Write to sales@lampshop.com today", "sales@lampshop.com")]
    [InlineData("Schreiben Sie an kontakt@meine-firma.de", "kontakt@meine-firma.de")]
    [InlineData("orders@thelampcompany.co.uk will refund you", "orders@thelampcompany.co.uk")]
    [InlineData("manda para vendas@lojadoze.com.br", "vendas@lojadoze.com.br")]
    [InlineData("napisz: biuro@sklep-lampy.pl", "biuro@sklep-lampy.pl")]
    [InlineData("Mail: Anna.Nowak@Firma.PL", "Anna.Nowak@Firma.PL")]
    [InlineData("support: info@mail.shop.example.de", "info@mail.shop.example.de")]
    [InlineData("zamówienia: sklep@eu.lampy-24.com.pl", "sklep@eu.lampy-24.com.pl")]
    [InlineData("schreib an info@münchen.de", "info@münchen.de")]
    [InlineData("schreib an info@xn--mnchen-3ya.de", "info@xn--mnchen-3ya.de")]
    [InlineData("пишите на info@пример.рф", "info@пример.рф")]
    [InlineData("пишите на info@xn--e1afmkfd.xn--p1ai", "info@xn--e1afmkfd.xn--p1ai")]
    [InlineData("use john.smith+orders@lampshop.com", "john.smith+orders@lampshop.com")]
    [InlineData("reach j.r.r.tolkien@bookshop.org", "j.r.r.tolkien@bookshop.org")]
    [InlineData("write to sales at lampshop dot com", "sales at lampshop dot com")]
    public void Evaluate_EmailOnAnyDomain_ReportsPersonalDataWithOriginalSpan(string text, string expectedSpan) =>
        AssertSingleEmail(text, expectedSpan);

    [Theory]
    [InlineData("Please look at amazon.com for the return label.")]
    [InlineData("The courier will arrive at 5 pm at your door.")]
    [InlineData("Hola a tod@s, gracias por la compra.")]
    public void Evaluate_EverydayTextWithAt_ReportsNoEmail(string text) =>
        Assert.DoesNotContain(Policy.Check(text).Findings, f => f.Kind == "email");

    private static void AssertSingleEmail(string text, string expectedSpan)
    {
        var finding = Assert.Single(Policy.Check(text).Findings);

        Assert.Equal(ReasonCodes.PersonalData, finding.ReasonCode);
        Assert.Equal("email", finding.Kind);
        Assert.Equal(expectedSpan, text.Substring(finding.Start, finding.Length));
        Assert.Contains("email address", finding.Message, StringComparison.Ordinal);
    }
}
