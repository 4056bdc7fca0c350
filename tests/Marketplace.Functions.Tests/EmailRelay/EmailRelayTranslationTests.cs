using System.Net.Http.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.EmailRelay;

/// <summary>
/// A delivered message's email carries the recipient's translation with the original below. The translation is queued with
/// the message and the Translator may be slow, so the email waits for it (EmailRelay:TranslationWait) rather than going out
/// first with the original alone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EmailRelayTranslationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string SellerAddress = "seller@shop.test";
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private readonly EmailRelayApp _app = new(azurite);
    private FakeTranslator _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTranslator.StartAsync();
        _app.WithSetting("Translation:Enabled", "true")
            .WithSetting("Translation:Endpoint", _fake.Endpoint.AbsoluteUri)
            .WithSetting("Translation:Key", FakeTranslator.Key)
            .WithSetting("Translation:Region", FakeTranslator.Region)
            .WithSetting("Translation:AttemptTimeout", "00:00:01")
            .WithSetting("Translation:RetryDelay", "00:00:00.500")
            .WithSetting("EmailRelay:TranslationRecheck", "00:00:00.300");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task BuyerWritesGerman_SlowTranslator_SellersEmailWaitsAndCarriesTheEnglishWithTheOriginalBelow()
    {
        await _app.RegisterAsync(s_seller, SellerAddress);
        using (var seller = _app.ClientFor(s_seller))
        {
            (await seller.PutAsJsonAsync("/api/seller/settings", new { language = "en" })).EnsureSuccessStatusCode();
        }

        await _app.PostWebhookAsync(MessagingApp.OrderCreated("e-o", "tr-1", "b-1", "s-1"));
        _fake.FailNext(FakeTranslatorFailure.Hang(TimeSpan.FromSeconds(1))); // the first translation attempt times out

        await _app.PostWebhookAsync(MessagingApp.MessageReceived("e-m", "tr-1", "buyer", "b-1", "Hallo, wann kommt meine Bestellung?", DateTimeOffset.UtcNow));

        var email = await _app.WaitForMailAsync(SellerAddress, 1);
        Assert.StartsWith("[fake-en] ", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("----- Original -----\nHallo, wann kommt meine Bestellung?", email.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(_app.MailTo(SellerAddress));
    }
}
