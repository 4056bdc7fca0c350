using System.Diagnostics;
using Azure.Core;
using Marketplace.Functions.Translation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Translation;

/// <summary>The Translator client against a fake Translator speaking the v3 wire protocol over HTTP.</summary>
public sealed class TranslatorClientTests : IAsyncLifetime
{
    private FakeTranslator _fake = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync() => _fake = await FakeTranslator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task TranslateAsync_TwoTargets_SendsTheDocumentedRequestAndReadsEachTranslation()
    {
        var translator = Client();

        var result = await translator.TranslateAsync(["Hallo, wo ist meine Bestellung?"], ["en", "fr"], null, CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/translate", request.Path);
        Assert.Equal("?api-version=3.0&to=en&to=fr", request.Query);
        Assert.Equal(FakeTranslator.Key, request.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.Equal(FakeTranslator.Region, request.Headers["Ocp-Apim-Subscription-Region"]);
        Assert.Equal("application/json; charset=UTF-8", request.Headers["Content-Type"]); // as the v3 reference writes it
        Assert.True(Guid.TryParse(request.Headers["X-ClientTraceId"], out _));
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("""[{"Text":"Hallo, wo ist meine Bestellung?"}]""", request.Body);

        var translation = Assert.Single(result);
        Assert.Equal("de", translation.Detected?.Language);
        Assert.Equal(
            [new TranslatedText("en", "[fake-en] Hallo, wo ist meine Bestellung?"), new TranslatedText("fr", "[fake-fr] Hallo, wo ist meine Bestellung?")],
            translation.Translations);
    }

    [Fact]
    public async Task TranslateAsync_SourceGiven_SendsFromAndDetectsNothing()
    {
        var result = await Client().TranslateAsync(["Dzień dobry", "Proszę"], ["en"], "pl", CancellationToken.None);

        Assert.Equal("?api-version=3.0&to=en&from=pl", Assert.Single(_fake.Requests).Query);
        Assert.All(result, r => Assert.Null(r.Detected));
        Assert.Equal(["[fake-en] Dzień dobry", "[fake-en] Proszę"], result.Select(r => r.Translations.Single().Text));
    }

    [Fact]
    public async Task DetectAsync_150Texts_TwoRequestsOfAtMost100AndOneLanguagePerText()
    {
        var texts = Enumerable.Range(0, 150).Select(i => i % 2 == 0 ? $"Hallo {i}, danke" : $"Hola {i}, gracias").ToList();

        var detected = await Client().DetectAsync(texts, CancellationToken.None);

        Assert.Equal(texts.Select((_, i) => i % 2 == 0 ? "de" : "es"), detected.Select(d => d.Language));
        var requests = _fake.RequestsTo("/detect");
        Assert.Equal([100, 50], requests.Select(r => ElementCount(r.Body)));
        Assert.All(requests, r => Assert.Equal("?api-version=3.0", r.Query));
    }

    [Fact]
    public async Task TranslateAsync_1500Texts_SplitsAtTheDocumented1000Elements()
    {
        var texts = Enumerable.Range(0, 1500).Select(i => $"Danke {i}").ToList();

        var result = await Client().TranslateAsync(texts, ["en"], null, CancellationToken.None);

        Assert.Equal([1000, 500], _fake.RequestsTo("/translate").Select(r => ElementCount(r.Body)));
        Assert.Equal(texts.Select(t => "[fake-en] " + t), result.Select(r => r.Translations.Single().Text));
    }

    [Fact]
    public async Task TranslateAsync_CharactersOverTheLimitAcrossTargets_SplitIntoRequestsOfAtMost50000()
    {
        // 20,000 characters into two languages count 40,000: each text needs a request of its own.
        var texts = Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 20_000)).ToList();

        await Client().TranslateAsync(texts, ["en", "fr"], "de", CancellationToken.None);

        var requests = _fake.RequestsTo("/translate");
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.True(CharacterCount(r.Body) * 2 <= 50_000));
    }

    [Fact]
    public async Task TranslateAsync_OneTextLongerThanARequest_CutAtSentencesAndJoinedInOrder()
    {
        var sentences = Enumerable.Range(0, 7000).Select(i => $"Das ist Satz {i}. ");
        var text = string.Concat(sentences); // about 120,000 characters

        var result = await Client().TranslateAsync([text], ["en"], null, CancellationToken.None);

        var requests = _fake.RequestsTo("/translate");
        Assert.True(requests.Count >= 3, $"{requests.Count} requests");
        Assert.All(requests, r => Assert.True(CharacterCount(r.Body) <= 50_000));
        var pieces = requests.SelectMany(r => Texts(r.Body)).ToList();
        Assert.All(pieces[..^1], p => Assert.EndsWith(". ", p, StringComparison.Ordinal));
        Assert.Equal(text, string.Concat(pieces));
        var translation = Assert.Single(result);
        Assert.Equal("de", translation.Detected?.Language);
        Assert.Equal(text, translation.Translations.Single().Text.Replace("[fake-en] ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetLanguagesAsync_ReadsTheTranslationScope()
    {
        var languages = await Client().GetLanguagesAsync(CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(("GET", "/languages", "?api-version=3.0&scope=translation"), (request.Method, request.Path, request.Query));
        Assert.Contains(new TranslatorLanguage("de", "German", "Deutsch", "ltr"), languages);
        Assert.Contains(languages, l => l.Code == "zh-Hans");
    }

    [Fact]
    public async Task TranslateAsync_429WithShortRetryAfter_WaitsThatLongAndRetries()
    {
        _fake.FailNext(FakeTranslatorFailure.Throttled(1));

        var result = await Client().TranslateAsync(["Danke"], ["en"], null, CancellationToken.None);

        Assert.Equal("[fake-en] Danke", result.Single().Translations.Single().Text);
        var requests = _fake.RequestsTo("/translate");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.9),
            $"Retried after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalSeconds:F2} s, not after Retry-After: 1.");
    }

    [Fact]
    public async Task TranslateAsync_429WithLongRetryAfter_ThrottledAtOnceWithTheWait()
    {
        _fake.FailNext(FakeTranslatorFailure.Throttled(60));

        var failure = await Assert.ThrowsAsync<TranslatorException>(() => Client().TranslateAsync(["Danke"], ["en"], null, CancellationToken.None));

        Assert.Equal(TranslatorFailure.Throttled, failure.Failure);
        Assert.Equal(TimeSpan.FromSeconds(60), failure.RetryAfter);
        Assert.Equal((429, 429000), (failure.Status, failure.ErrorCode));
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task TranslateAsync_5xxEveryTime_RetriedThenUnavailable()
    {
        _fake.Outage = FakeTranslatorFailure.ServerError;

        var failure = await Assert.ThrowsAsync<TranslatorException>(() => Client().TranslateAsync(["Danke"], ["en"], null, CancellationToken.None));

        Assert.Equal(TranslatorFailure.Unavailable, failure.Failure);
        Assert.True(failure.IsTransient);
        Assert.Equal(3, _fake.Requests.Count); // the first try and MaxRetries (2)
    }

    [Fact]
    public async Task TranslateAsync_5xxOnce_RetriedAndTranslated()
    {
        _fake.FailNext(FakeTranslatorFailure.ServerError);

        var result = await Client().TranslateAsync(["Danke"], ["en"], null, CancellationToken.None);

        Assert.Equal("[fake-en] Danke", result.Single().Translations.Single().Text);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task TranslateAsync_TranslatorHangs_UnavailableWithinTheTimeout()
    {
        _fake.Outage = FakeTranslatorFailure.Hang(TimeSpan.FromSeconds(30));
        var translator = Client(("Translation:Timeout", "00:00:01"), ("Translation:AttemptTimeout", "00:00:00.300"));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<TranslatorException>(() => translator.TranslateAsync(["Danke"], ["en"], null, CancellationToken.None));

        Assert.Equal(TranslatorFailure.Unavailable, failure.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task TranslateAsync_FreeQuotaUsedUp_QuotaExceededWithoutRetry()
    {
        _fake.Outage = FakeTranslatorFailure.QuotaExceeded;

        var failure = await Assert.ThrowsAsync<TranslatorException>(() => Client().TranslateAsync(["Danke"], ["en"], null, CancellationToken.None));

        Assert.Equal((TranslatorFailure.QuotaExceeded, 403, 403001), (failure.Failure, failure.Status, failure.ErrorCode));
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task TranslateAsync_WrongKey_RejectedWithoutRetry()
    {
        var failure = await Assert.ThrowsAsync<TranslatorException>(() =>
            Client(("Translation:Key", "wrong-key")).TranslateAsync(["Danke"], ["en"], null, CancellationToken.None));

        Assert.Equal((TranslatorFailure.Rejected, 401, 401000), (failure.Failure, failure.Status, failure.ErrorCode));
        Assert.False(failure.IsTransient);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task TranslateAsync_NoKey_SendsAnEntraTokenForCognitiveServicesWithResourceIdAndRegion()
    {
        var credential = new RecordingCredential();
        const string resourceId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/t";
        var translator = Client(credential, ("Translation:Key", ""), ("Translation:ResourceId", resourceId));

        await translator.TranslateAsync(["Danke"], ["en"], null, CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("Bearer token-for-test", request.Headers["Authorization"]);
        Assert.Equal(resourceId, request.Headers["Ocp-Apim-ResourceId"]);
        Assert.Equal(FakeTranslator.Region, request.Headers["Ocp-Apim-Subscription-Region"]);
        Assert.False(request.Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes);
    }

    private ITextTranslator Client(params (string Key, string Value)[] settings) => Client(null, settings);

    private ITextTranslator Client(TokenCredential? credential, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Translation:Enabled"] = "true",
            ["Translation:Endpoint"] = _fake.Endpoint.AbsoluteUri,
            ["Translation:Region"] = FakeTranslator.Region,
            ["Translation:Key"] = FakeTranslator.Key,
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (credential is not null)
        {
            services.AddSingleton(credential);
        }

        services.AddTranslation();
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<ITextTranslator>();
    }

    private static int ElementCount(string body) => System.Text.Json.JsonDocument.Parse(body).RootElement.GetArrayLength();

    private static List<string> Texts(string body) =>
        System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.GetProperty("Text").GetString()!).ToList();

    private static int CharacterCount(string body) => Texts(body).Sum(t => t.Length);

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("token-for-test", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
