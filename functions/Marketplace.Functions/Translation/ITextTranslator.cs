namespace Marketplace.Functions.Translation;

/// <summary>
/// What the app needs from a machine translator: the three calls of the Translator Text API v3, shaped so that
/// <c>Azure.AI.Translation.Text</c>'s client can replace <see cref="TranslatorClient"/> behind it. Failures are
/// <see cref="TranslatorException"/>s that say whether a later retry can succeed.
/// </summary>
public interface ITextTranslator
{
    /// <summary>
    /// Translates each text into every language of <paramref name="targetLanguages"/>, detecting the source language when
    /// <paramref name="sourceLanguage"/> is null. The result has one entry per text, in order; each lists the targets in the order asked.
    /// </summary>
    Task<IReadOnlyList<TextTranslation>> TranslateAsync(
        IReadOnlyList<string> texts, IReadOnlyList<string> targetLanguages, string? sourceLanguage, CancellationToken cancellationToken);

    /// <summary>The language of each text, in order.</summary>
    Task<IReadOnlyList<DetectedLanguage>> DetectAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>The languages the translator translates to and from.</summary>
    Task<IReadOnlyList<TranslatorLanguage>> GetLanguagesAsync(CancellationToken cancellationToken);
}

/// <summary>One text translated into one or more languages; <see cref="Detected"/> is null when the source was given.</summary>
public sealed record TextTranslation(DetectedLanguage? Detected, IReadOnlyList<TranslatedText> Translations);

/// <summary>A translation into the language <see cref="To"/>.</summary>
public sealed record TranslatedText(string To, string Text);

/// <summary>A detected language (a Translator language code) with the detector's confidence from 0 to 1.</summary>
public sealed record DetectedLanguage(string Language, double Score);

/// <summary>A language the translator supports: its code, English name, own name and writing direction ("ltr", "rtl").</summary>
public sealed record TranslatorLanguage(string Code, string Name, string NativeName, string Dir);
