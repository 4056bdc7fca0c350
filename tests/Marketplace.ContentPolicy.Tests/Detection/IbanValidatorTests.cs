using Marketplace.ContentPolicy.Detection;

namespace Marketplace.ContentPolicy.Tests.Detection;

public sealed class IbanValidatorTests
{
    [Theory]
    [InlineData("de89370400440532013000", true)]
    [InlineData("gb29nwbk60161331926819", true)]
    [InlineData("fr7630006000011234567890189", true)]
    [InlineData("es9121000418450200051332", true)]
    [InlineData("de89370400440532013001", false)]
    [InlineData("gb29nwbk6016133192681", false)]
    public void IsValid_Checksum_MatchesIso13616(string iban, bool expected) =>
        Assert.Equal(expected, IbanValidator.IsValid(iban));

    [Fact]
    public void IsValidPolishAccount_NrbWithValidChecksum_IsTrue() =>
        Assert.True(IbanValidator.IsValidPolishAccount("61109010140000071219812874"));
}
