using Marketplace.Functions.Translation;
using Microsoft.Extensions.Primitives;

namespace Marketplace.Functions.Tests.Translation;

/// <summary>Language tags, background backoff and the translation settings' validation.</summary>
public sealed class TranslationRulesTests
{
    [Theory]
    [InlineData("de", "de")]
    [InlineData("de-AT", "de")]
    [InlineData(" EN-gb ", "en")]
    [InlineData("pt-BR", "pt")]
    [InlineData("pt-PT", "pt-PT")]
    [InlineData("zh-TW", "zh-Hant")]
    [InlineData("zh-Hant-HK", "zh-Hant")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("zh", "zh-Hans")]
    [InlineData("sr-Latn-RS", "sr-Latn")]
    [InlineData("", null)]
    [InlineData("german", null)]
    [InlineData("de_DE", null)]
    [InlineData("x", null)]
    public void Normalize_LanguageTag_TranslatorCode(string tag, string? expected) => Assert.Equal(expected, LanguageTags.Normalize(tag));

    [Theory]
    [InlineData("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr")]
    [InlineData("en;q=0.5, pl", "pl")]
    [InlineData("*, de;q=0", null)]
    [InlineData("de;q=0, es;q=0.1", "es")]
    [InlineData("", null)]
    public void FromAcceptLanguage_Header_MostPreferredLanguage(string header, string? expected) =>
        Assert.Equal(expected, LanguageTags.FromAcceptLanguage(new StringValues(header)));

    [Fact]
    public void Next_Attempts_DoubleFromRetryDelayUpToMaxRetryDelay()
    {
        var options = new TranslationOptions { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        var failure = new TranslatorException(TranslatorFailure.Unavailable, "down");

        var delays = Enumerable.Range(1, 6).Select(attempt => TranslationBackoff.Next(options, attempt, failure));

        Assert.Equal([30, 60, 120, 240, 300, 300], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void Next_RetryAfterLongerThanTheBackoff_WaitsRetryAfter()
    {
        var options = new TranslationOptions { RetryDelay = TimeSpan.FromSeconds(30) };

        var delay = TranslationBackoff.Next(options, 1, new TranslatorException(TranslatorFailure.Throttled, "429", 429, 429000, TimeSpan.FromMinutes(3)));

        Assert.Equal(TimeSpan.FromMinutes(3), delay);
    }

    [Fact]
    public void Next_QuotaExceeded_WaitsAtLeastQuotaRetryDelay()
    {
        var options = new TranslationOptions { RetryDelay = TimeSpan.FromSeconds(30), QuotaRetryDelay = TimeSpan.FromMinutes(10) };

        var delay = TranslationBackoff.Next(options, 1, new TranslatorException(TranslatorFailure.QuotaExceeded, "403", 403, 403001));

        Assert.Equal(TimeSpan.FromMinutes(10), delay);
    }

    [Fact]
    public void Validate_EnabledWithPlainHttpToAnotherHost_NamesTheEndpointSetting()
    {
        var result = new TranslationOptionsValidator().Validate(null, new TranslationOptions { Enabled = true, Endpoint = new Uri("http://translator.example.com/") });

        Assert.True(result.Failed);
        Assert.Contains("Translation:Endpoint", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnresolvedKeyVaultReference_Refused()
    {
        var result = new TranslationOptionsValidator().Validate(null, new TranslationOptions
        {
            Enabled = true, Key = "@Microsoft.KeyVault(VaultName=v;SecretName=translator-key)",
        });

        Assert.Contains("Translation:Key", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Valid() => Assert.True(new TranslationOptionsValidator().Validate(null, new TranslationOptions()).Succeeded);

    [Fact]
    public void Plan_TextsAndLimits_NoRequestOverEitherLimitAndTheTextsJoinBack()
    {
        var texts = new[] { new string('a', 30), "b c d e f g h i j k l m n", "", "x" };

        var batches = TranslationBatches.Plan(texts, targetCount: 2, maxElements: 3, maxCharacters: 40);

        Assert.All(batches, b => Assert.True(b.Count <= 3 && b.Sum(p => p.Text.Length) * 2 <= 40));
        Assert.Equal(texts, texts.Select((_, i) => string.Concat(batches.SelectMany(b => b).Where(p => p.TextIndex == i).Select(p => p.Text))));
    }
}
