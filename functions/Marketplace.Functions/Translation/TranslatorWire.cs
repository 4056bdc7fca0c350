using System.Text.Json.Serialization;

namespace Marketplace.Functions.Translation;

// The Translator Text API v3 wire format (learn.microsoft.com, "Translator 3.0: Translate / Detect / Languages").

/// <summary>One element of a translate or detect request body: [{"Text": "…"}].</summary>
internal sealed record TranslatorTextItem([property: JsonPropertyName("Text")] string Text);

/// <summary>One element of a translate response.</summary>
internal sealed record TranslateResultItem(WireDetectedLanguage? DetectedLanguage, IReadOnlyList<WireTranslation> Translations);

internal sealed record WireDetectedLanguage(string Language, double Score);

internal sealed record WireTranslation(string Text, string To);

/// <summary>One element of a detect response.</summary>
internal sealed record DetectResultItem(string Language, double Score, bool IsTranslationSupported, bool IsTransliterationSupported);

/// <summary>The languages response with scope=translation.</summary>
internal sealed record LanguagesResult(IReadOnlyDictionary<string, WireLanguage>? Translation);

internal sealed record WireLanguage(string Name, string NativeName, string Dir);

/// <summary>An error response: {"error": {"code": 400000, "message": "…"}}.</summary>
internal sealed record TranslatorErrorResult(TranslatorError? Error);

internal sealed record TranslatorError(int Code, string? Message);

/// <summary>Source-generated JSON for the Translator's wire format.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TranslatorTextItem[]))]
[JsonSerializable(typeof(TranslateResultItem[]))]
[JsonSerializable(typeof(DetectResultItem[]))]
[JsonSerializable(typeof(LanguagesResult))]
[JsonSerializable(typeof(TranslatorErrorResult))]
internal sealed partial class TranslatorJsonContext : JsonSerializerContext;
