namespace Marketplace.Domain.Conversations;

/// <summary>
/// A message's text in one reader language, made once and kept: <see cref="Text"/> is the translation (masked where the
/// content policy redacts), null when none is shown (the message is already in that language, or the policy withheld it).
/// </summary>
public sealed record MessageTranslation(
    long Sequence, string Language, TranslationOutcome Outcome, string? Text, string? DetectedLanguage, DateTimeOffset TranslatedAt);

/// <summary>What translating a message into a language gave.</summary>
public enum TranslationOutcome
{
    /// <summary>Translated; readers of the language see <see cref="MessageTranslation.Text"/>.</summary>
    Translated,

    /// <summary>Written in that language already; readers see the original.</summary>
    NotNeeded,

    /// <summary>The content policy would hold or block the translated text; readers see the original (as delivered).</summary>
    Withheld,
}
