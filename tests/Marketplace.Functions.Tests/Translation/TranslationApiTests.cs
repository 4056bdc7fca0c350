using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Translation;

/// <summary>Messages shown in each reader's language, through the API, against the fake Translator.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TranslationApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = new(azurite);
    private FakeTranslator _fake = null!;
    private string _conversation = "";

    private string Messages => $"/api/conversations/{_conversation}/messages";

    public async Task InitializeAsync()
    {
        _fake = await FakeTranslator.StartAsync();
        _app.WithSetting("Translation:Enabled", "true")
            .WithSetting("Translation:Endpoint", _fake.Endpoint.AbsoluteUri)
            .WithSetting("Translation:Key", FakeTranslator.Key)
            .WithSetting("Translation:Region", FakeTranslator.Region)
            .WithSetting("Translation:Timeout", "00:00:02")
            .WithSetting("Translation:AttemptTimeout", "00:00:01")
            .WithSetting("Translation:MaxRetries", "1")
            .WithSetting("Translation:MaxRetryAfter", "00:00:00")
            .WithSetting("Translation:RetryDelay", "00:00:00.500")
            .WithSetting("Translation:MaxRetryDelay", "00:00:01")
            .WithSetting("Translation:QuotaRetryDelay", "00:00:01");
        _conversation = (await _app.SeedOrderAsync("tr-1", "b-1", "s-1", buyerLanguage: "de-AT")).Id;
        using var seller = _app.ClientFor(s_seller);
        (await seller.PutAsJsonAsync("/api/seller/settings", new { language = "en-GB" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task SellerSettings_Language_StoredAsTheTranslatorCode()
    {
        using var seller = _app.ClientFor(s_seller);

        var settings = await seller.GetFromJsonAsync<JsonElement>("/api/seller/settings");
        var refused = await seller.PutAsJsonAsync("/api/seller/settings", new { language = "not a language" });

        Assert.Equal("en", settings.GetProperty("language").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(refused)).GetProperty("errors").TryGetProperty("language", out _));
    }

    [Fact]
    public async Task Send_GermanToAnEnglishSeller_SellerReadsEnglishBesideTheOriginalAndTheSenderWhatTheyWrote()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);

        var sent = await buyer.PostAsJsonAsync(Messages, new { text = "Hallo, wo ist meine Bestellung?" });

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var own = await MessagingApp.JsonAsync(sent);
        Assert.Equal("Hallo, wo ist meine Bestellung?", own.GetProperty("text").GetString());
        Assert.Equal("not_needed", own.GetProperty("translation").GetProperty("status").GetString());

        var read = await EventuallyTranslatedAsync(seller, 1);
        Assert.Equal("[fake-en] Hallo, wo ist meine Bestellung?", read.GetProperty("text").GetString());
        Assert.Equal("Hallo, wo ist meine Bestellung?", read.GetProperty("original").GetString());
        Assert.Equal("de", read.GetProperty("detectedLanguage").GetString());
        Assert.Equal("en", read.GetProperty("translation").GetProperty("language").GetString());

        var buyerView = await buyer.GetFromJsonAsync<JsonElement>($"{Messages}/1");
        Assert.Equal("Hallo, wo ist meine Bestellung?", buyerView.GetProperty("text").GetString());
        Assert.Equal("not_needed", buyerView.GetProperty("translation").GetProperty("status").GetString());

        var translate = Assert.Single(_fake.RequestsTo("/translate"));
        Assert.Equal("?api-version=3.0&to=en", translate.Query);
        Assert.Equal("""[{"Text":"Hallo, wo ist meine Bestellung?"}]""", translate.Body);
    }

    [Fact]
    public async Task Read_TranslationKept_ReadingAgainMakesNoCall()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        (await buyer.PostAsJsonAsync(Messages, new { text = "Danke, bitte schnell" })).EnsureSuccessStatusCode();
        await EventuallyTranslatedAsync(seller, 1);
        var calls = _fake.RequestsTo("/translate").Count;

        for (var i = 0; i < 3; i++)
        {
            var page = await seller.GetFromJsonAsync<JsonElement>(Messages);
            Assert.Equal("translated", page.GetProperty("items")[0].GetProperty("translation").GetProperty("status").GetString());
        }

        Assert.Equal(1, calls);
        Assert.Equal(calls, _fake.RequestsTo("/translate").Count);
    }

    [Fact]
    public async Task Send_SellerRepliesInEnglish_TheBuyerReadsTheirOrdersLanguage()
    {
        using var seller = _app.ClientFor(s_seller);
        using var buyer = _app.ClientFor(s_buyer);

        (await buyer.PostAsJsonAsync(Messages, new { text = "Hallo, wann kommt das Paket?" })).EnsureSuccessStatusCode();
        (await seller.PostAsJsonAsync(Messages, new { text = "Thanks, your order ships tomorrow" })).EnsureSuccessStatusCode();

        var read = await EventuallyTranslatedAsync(buyer, 2);
        Assert.Equal("[fake-de] Thanks, your order ships tomorrow", read.GetProperty("text").GetString());
        Assert.Equal("en", read.GetProperty("detectedLanguage").GetString());
        Assert.Equal("de", read.GetProperty("translation").GetProperty("language").GetString());
    }

    [Fact]
    public async Task Read_AcceptLanguageAnotherLanguage_TranslatedOnDemandOnceForThePage()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        (await buyer.PostAsJsonAsync(Messages, new { text = "Hallo" })).EnsureSuccessStatusCode();
        (await buyer.PostAsJsonAsync(Messages, new { text = "Wo ist das Paket?" })).EnsureSuccessStatusCode();
        await EventuallyTranslatedAsync(seller, 2);
        var before = _fake.RequestsTo("/translate").Count;
        seller.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR, en;q=0.5");

        var page = await seller.GetFromJsonAsync<JsonElement>(Messages);
        var again = await seller.GetFromJsonAsync<JsonElement>(Messages);

        Assert.Equal(["[fake-fr] Hallo", "[fake-fr] Wo ist das Paket?"], page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.All(again.GetProperty("items").EnumerateArray(), m => Assert.Equal("fr", m.GetProperty("translation").GetProperty("language").GetString()));
        var onDemand = _fake.RequestsTo("/translate").Skip(before).ToList();
        Assert.Equal("?api-version=3.0&to=fr", Assert.Single(onDemand).Query);
    }

    [Fact]
    public async Task Send_TranslatorDown_DeliveredPendingThenTranslatedWhenItIsBack()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        _fake.Outage = FakeTranslatorFailure.ServerError;

        var clock = Stopwatch.StartNew();
        var sent = await buyer.PostAsJsonAsync(Messages, new { text = "Hallo, ist das Paket unterwegs?" });

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The send took {clock.Elapsed.TotalSeconds:F1} s while the Translator was down.");
        await MessagingApp.EventuallyAsync(() => Task.FromResult(_fake.RequestsTo("/translate").Count >= 4), "background attempts during the outage");
        var pending = (await seller.GetFromJsonAsync<JsonElement>(Messages)).GetProperty("items")[0];
        Assert.Equal("Hallo, ist das Paket unterwegs?", pending.GetProperty("text").GetString());
        Assert.Equal("pending", pending.GetProperty("translation").GetProperty("status").GetString());
        Assert.Equal("en", pending.GetProperty("translation").GetProperty("language").GetString());

        _fake.Outage = null;

        var read = await EventuallyTranslatedAsync(seller, 1);
        Assert.Equal("[fake-en] Hallo, ist das Paket unterwegs?", read.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Send_Throttled_RetriedInTheBackgroundNoSoonerThanRetryAfter()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        _fake.FailNext(FakeTranslatorFailure.Throttled(2));

        (await buyer.PostAsJsonAsync(Messages, new { text = "Danke" })).EnsureSuccessStatusCode();

        await EventuallyTranslatedAsync(seller, 1);
        var requests = _fake.RequestsTo("/translate");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1.9),
            $"Retried {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalSeconds:F2} s after a 429 asking for 2 s.");
    }

    [Fact]
    public async Task Send_QuotaUsedUp_PendingAndRetriedLater()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        _fake.FailNext(FakeTranslatorFailure.QuotaExceeded);

        (await buyer.PostAsJsonAsync(Messages, new { text = "Danke" })).EnsureSuccessStatusCode();

        var read = await EventuallyTranslatedAsync(seller, 1);
        Assert.Equal("[fake-en] Danke", read.GetProperty("text").GetString());
        Assert.Equal(2, _fake.RequestsTo("/translate").Count); // 403001 is not retried inline, only from the queue
    }

    [Fact]
    public async Task Translation_PhoneNumberSpelledOutInCzech_CaughtByThePolicyInTheTranslation()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        const string czech = "Zavolejte mi: pět pět pět jedna dva tři čtyři pět šest";

        var sent = await MessagingApp.JsonAsync(await buyer.PostAsJsonAsync(Messages, new { text = czech }));
        Assert.Equal("delivered", sent.GetProperty("status").GetString()); // the policy does not read Czech number words

        await MessagingApp.EventuallyAsync(async () =>
            (await seller.GetFromJsonAsync<JsonElement>($"{Messages}/1")).GetProperty("translation").GetProperty("status").GetString() != "pending",
            "the translation");
        var read = await seller.GetFromJsonAsync<JsonElement>($"{Messages}/1");
        // The translated number is masked as the policy masks a phone number (Amazon's profile redacts a buyer's).
        Assert.Equal("[fake-en] call me [removed]", read.GetProperty("text").GetString());
        Assert.Equal(czech, read.GetProperty("original").GetString());
        Assert.Equal("translated", read.GetProperty("translation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Languages_Authenticated_ListsTheTranslatorsLanguagesAndKeepsThem()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var anonymous = _app.ClientFor(null);

        var first = await buyer.GetFromJsonAsync<JsonElement>("/api/languages");
        var second = await buyer.GetFromJsonAsync<JsonElement>("/api/languages");
        var refused = await anonymous.GetAsync("/api/languages");

        Assert.True(first.GetProperty("enabled").GetBoolean());
        Assert.Contains(first.GetProperty("languages").EnumerateArray(), l => l.GetProperty("code").GetString() == "de" && l.GetProperty("name").GetString() == "German");
        Assert.Equal(first.ToString(), second.ToString());
        Assert.Single(_fake.RequestsTo("/languages"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<JsonElement> EventuallyTranslatedAsync(HttpClient reader, long messageId)
    {
        JsonElement view = default;
        await MessagingApp.EventuallyAsync(async () =>
        {
            view = await reader.GetFromJsonAsync<JsonElement>($"{Messages}/{messageId}");
            return view.GetProperty("translation").GetProperty("status").GetString() == "translated";
        }, $"message {messageId} translated");
        return view;
    }
}
