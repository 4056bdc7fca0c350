namespace Marketplace.Functions.Translation;

/// <summary>
/// The Translator Text API v3's documented per-request limits (Azure AI Translator "Service limits"): translate takes at
/// most 1,000 array elements and 50,000 characters across all target languages (3,000 characters into three languages
/// count 9,000), each element at most 50,000; detect takes at most 100 elements and 50,000 characters.
/// </summary>
internal static class TranslatorLimits
{
    public const int TranslateMaxElements = 1_000;
    public const int TranslateMaxCharacters = 50_000;
    public const int DetectMaxElements = 100;
    public const int DetectMaxCharacters = 50_000;
}
