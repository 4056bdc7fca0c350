namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class PhoneDetectorTests
{
    [Theory]
    [InlineData("Call me at (201) 555-0123 tomorrow", "(201) 555-0123")]
    [InlineData("Mi móvil es 612 345 678", "612 345 678")]
    [InlineData("Llámame al +34 612 34 56 78", "+34 612 34 56 78")]
    [InlineData("Me chama no zap (11) 98765-4321", "(11) 98765-4321")]
    [InlineData("Mój numer: 512 345 678", "512 345 678")]
    [InlineData("Appelez-moi au 06 12 34 56 78", "06 12 34 56 78")]
    [InlineData("Rufen Sie mich an: 0151 23456789", "0151 23456789")]
    [InlineData("Whatsapp +44 7700 900123", "+44 7700 900123")]
    [InlineData("mi cel 55 1234 5678", "55 1234 5678")]
    [InlineData("escríbeme al 0049 30 1234567", "0049 30 1234567")]
    [InlineData("Mon 06 : 06.45.32.18.90, appelez après 18h", "06.45.32.18.90")]
    public void Evaluate_PhoneNumber_ReportsPersonalData(string text, string expectedSpan) =>
        AssertSinglePhone(text, expectedSpan);

    // Beyond spaced groups: no separators, dashes, dots, slashes, a "00" prefix, and the profile's other regions.
    [Theory]
    [InlineData("Call me: +48512345678", "+48512345678")]
    [InlineData("llámame 612-345-678", "612-345-678")]
    [InlineData("call 201.555.0123 after 5", "201.555.0123")]
    [InlineData("Mobile 07700 900123", "07700 900123")]
    [InlineData("Handy: 0171/1234567", "0171/1234567")]
    [InlineData("zadzwoń 0048 512 345 678", "0048 512 345 678")]
    [InlineData("chiamami al +39 347 123 4567", "+39 347 123 4567")]
    [InlineData("mi cel +54 9 11 2345-6789", "+54 9 11 2345-6789")]
    [InlineData("WhatsApp +56 9 8765 4321", "+56 9 8765 4321")]
    [InlineData("mi celular 301 234 5678", "301 234 5678")]
    [InlineData("ligue (21) 3456-7890", "(21) 3456-7890")]
    public void Evaluate_PhoneNumberInOtherFormatsAndRegions_ReportsPersonalData(string text, string expectedSpan) =>
        AssertSinglePhone(text, expectedSpan);

    [Theory]
    [InlineData("call me: five five five, two zero one, zero one two three")]
    [InlineData("mi número: seis uno dos tres cuatro cinco seis siete ocho")]
    [InlineData("zadzwoń: pięć jeden dwa trzy cztery pięć sześć siedem osiem")]
    [InlineData("meu zap: onze nove oito sete seis cinco quatro tres dois um")]
    [InlineData("appelle: zéro six douze... zéro six un deux trois quatre cinq six sept huit")]
    [InlineData("Nummer: null eins fünf eins zwei drei vier fünf sechs sieben")]
    public void Evaluate_SpelledOutDigits_ReportsSpelledPhone(string text) =>
        Assert.Contains(Policy.Check(text).Findings, f => f.Kind == "spelled-phone" && f.ReasonCode == ReasonCodes.PersonalData);

    [Theory]
    [InlineData("Your order 113-4567890-1234567 has shipped.")]
    [InlineData("Pedido 2000001234567890 despachado.")]
    [InlineData("Numer przesyłki InPost: 620123456789012345678901")]
    [InlineData("UPS tracking 1Z999AA10123456784")]
    [InlineData("USPS: 9400 1000 0000 0000 0000 00")]
    [InlineData("Código de rastreio AA123456789BR")]
    [InlineData("Seguimiento Correos: PQ4F6P0703673180128001B")]
    [InlineData("Total: $1,299.99 paid on 2024-03-15 at 10:30")]
    [InlineData("Medidas 120 x 60 x 75 cm, peso 12,5 kg")]
    [InlineData("Serial number: 2045 7781 9923")]
    [InlineData("Factura nº 2024/001234 emitida")]
    [InlineData("Numer oferty 12345678901")]
    [InlineData("La entrega será el 15/03/2024 entre las 9:00 y las 14:00")]
    [InlineData("Envío número 41234567890 en camino")]
    [InlineData("IMEI 356938035643809")]
    [InlineData("Livraison le 06.12.2026, colis 6A12345678901")]
    public void Evaluate_EverydayNumbers_ReportsNothing(string text) =>
        Assert.Empty(Policy.Check(text).Findings);

    private static void AssertSinglePhone(string text, string expectedSpan)
    {
        var findings = Policy.Check(text).Findings.Where(f => f.Kind == "phone").ToList();

        var finding = Assert.Single(findings);
        Assert.Equal(ReasonCodes.PersonalData, finding.ReasonCode);
        Assert.Equal(expectedSpan, text.Substring(finding.Start, finding.Length));
    }
}
