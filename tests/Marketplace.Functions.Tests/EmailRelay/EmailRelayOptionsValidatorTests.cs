using Marketplace.Functions.EmailRelay;

namespace Marketplace.Functions.Tests.EmailRelay;

public sealed class EmailRelayOptionsValidatorTests
{
    [Fact]
    public void Validate_Default_RelayOffAndValid()
    {
        var result = new EmailRelayOptionsValidator().Validate(null, new EmailRelayOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_DomainWithoutAWayToSendOrAListenerWithoutADomain_FailsNamingEachSetting()
    {
        var noTransport = new EmailRelayOptionsValidator().Validate(null, new EmailRelayOptions { Domain = "relay.example.com" });
        var noDomain = new EmailRelayOptionsValidator().Validate(null, new EmailRelayOptions { ListenPort = 2525, InboundWebhookSecret = "short" });
        var badDomain = new EmailRelayOptionsValidator().Validate(null, new EmailRelayOptions { Domain = "not a domain", PickupDirectory = "/tmp/x" });

        Assert.Contains("EmailRelay:SmtpHost", noTransport.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("EmailRelay:ListenPort", noDomain.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("EmailRelay:InboundWebhookSecret", noDomain.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("EmailRelay:Domain", badDomain.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TranslationWaitNegativeOrRecheckTooShort_FailsNamingEach()
    {
        var result = new EmailRelayOptionsValidator().Validate(
            null, new EmailRelayOptions { TranslationWait = TimeSpan.FromSeconds(-1), TranslationRecheck = TimeSpan.Zero });

        Assert.Contains("EmailRelay:TranslationWait", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("EmailRelay:TranslationRecheck", result.FailureMessage, StringComparison.Ordinal);
    }
}
