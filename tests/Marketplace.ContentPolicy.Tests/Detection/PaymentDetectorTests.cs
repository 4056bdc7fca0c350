namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class PaymentDetectorTests
{
    [Theory]
    [InlineData("Send it via PayPal friends and family to save fees", "payment")]
    [InlineData("Pay me directly and I'll give you 10% off", "payment")]
    [InlineData("Puedes pagarme por transferencia bancaria", "payment")]
    [InlineData("Faz um pix pra mim, chave pix: 123.456.789-00", "payment")]
    [InlineData("Zapłać przelewem na moje konto, taniej wyjdzie", "payment")]
    [InlineData("Paiement par virement bancaire possible", "payment")]
    [InlineData("Bezahlen Sie per Überweisung außerhalb von Amazon", "payment")]
    [InlineData("IBAN: DE89 3704 0044 0532 0130 00", "iban")]
    [InlineData("ES91 2100 0418 4502 0005 1332 — a nombre de Juan", "iban")]
    [InlineData("Numer konta 61 1090 1014 0000 0712 1981 2874", "bank-account")]
    [InlineData("CBU 0170099220000067797370", "bank-account")]
    public void Evaluate_OffPlatformPayment_ReportsIt(string text, string kind) =>
        Assert.Contains(Policy.Check(text).Findings, f => f.ReasonCode == ReasonCodes.OffPlatformPayment && f.Kind == kind);

    [Theory]
    [InlineData("IBAN: DE89 3704 0044 0532 0130 01")]
    [InlineData("The refund was issued to your original payment method.")]
    [InlineData("We ship directly from our warehouse in Madrid.")]
    public void Evaluate_InvalidIbanOrEverydayText_ReportsNoPayment(string text) =>
        Assert.DoesNotContain(Policy.Check(text).Findings, f => f.ReasonCode == ReasonCodes.OffPlatformPayment);
}
