namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class AddressDetectorTests
{
    [Theory]
    [InlineData("My address is 12 Baker Street, London, come by any time")]
    [InlineData("Mi dirección es Calle Mayor 15, 3º B")]
    [InlineData("Meu endereço é Rua das Flores 200")]
    [InlineData("Mój adres: ul. Długa 5, Kraków")]
    [InlineData("Mon adresse : 8 rue de la Paix")]
    [InlineData("Meine Adresse lautet Hauptstraße 3")]
    [InlineData("You can pick it up at my house on Saturday")]
    public void Evaluate_OwnAddressOrHandOver_ReportsPersonalData(string text) =>
        Assert.Contains(Policy.Check(text).Findings, f => f.Kind == "address" && f.ReasonCode == ReasonCodes.PersonalData);

    [Theory]
    [InlineData("Is your address still Calle Mayor 15? The courier could not find it.")]
    [InlineData("La dirección de entrega está incompleta, ¿nos confirmas el piso?")]
    public void Evaluate_ConfirmingDeliveryAddress_ReportsNothing(string text) =>
        Assert.DoesNotContain(Policy.Check(text).Findings, f => f.Kind == "address");
}
