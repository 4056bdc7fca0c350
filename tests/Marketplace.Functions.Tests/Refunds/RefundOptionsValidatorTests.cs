using Marketplace.Functions.Refunds;

namespace Marketplace.Functions.Tests.Refunds;

/// <summary>Start-up refuses refund settings that would only fail later, naming each setting.</summary>
public sealed class RefundOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_NothingConfigured_Passes() =>
        Assert.True(new RefundOptionsValidator().Validate(null, new RefundOptions()).Succeeded);

    [Fact]
    public void Validate_FinanceWebhookWithoutCallbackKeyOrWithAShortSecret_NamesTheSettings()
    {
        var options = new RefundOptions
        {
            FinanceWebhook = new RefundEndpointOptions { Url = new Uri("https://finance.example/hooks"), Secret = "short" },
            Payment = new RefundEndpointOptions { Url = new Uri("/pay", UriKind.Relative), Secret = "payment-secret-0000001" },
        };

        var result = new RefundOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Refunds:CallbackKey must be at least 32 characters", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Refunds:FinanceWebhook:Secret must be at least 16 characters", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Refunds:Payment:Url must be an absolute URL", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EscalationBeforeTheReminder_IsRefused() =>
        Assert.True(new RefundOptionsValidator().Validate(null, new RefundOptions { ReminderAfter = TimeSpan.FromHours(24), EscalateAfter = TimeSpan.FromHours(1) }).Failed);
}
