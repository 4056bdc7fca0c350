using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Storage;

namespace Marketplace.Functions.Translation;

/// <summary>
/// Shows messages in the reader's language: the kept translation where there is one; for a language asked for with
/// Accept-Language, the missing ones translated now (one call for the page) and kept; for the reader's own language a
/// missing one is "pending" (its translation is queued at delivery). Authors see what they wrote.
/// </summary>
internal sealed class TranslatedViews(MessageTranslations translations, MessageTranslationStore store, ReaderLanguages languages)
{
    /// <summary>The view of a message its author sent.</summary>
    public MessageView ForAuthor(MessageView view) =>
        view with { Translation = new TranslationView(translations.Enabled ? TranslationView.NotNeeded : TranslationView.Off, null) };

    public async Task<IReadOnlyList<MessageView>> ForReaderAsync(
        HttpRequest request, Conversation conversation, PartyRole? viewer, IReadOnlyList<Message> messages, IReadOnlyList<MessageView> views,
        CancellationToken cancellationToken)
    {
        if (!translations.Enabled)
        {
            return [.. views.Select(v => v with { Translation = new TranslationView(TranslationView.Off, null) })];
        }

        var toRead = messages.Where(m => m.AuthorRole != viewer && m.Status == MessageStatus.Delivered && m.Text.Length > 0).ToList();
        var (language, onDemand) = toRead.Count > 0
            ? await languages.ForRequestAsync(request, conversation, viewer, cancellationToken).ConfigureAwait(false)
            : (null, false);
        if (language is null)
        {
            return [.. views.Select(v => v with { Translation = new TranslationView(TranslationView.NotNeeded, null) })];
        }

        var found = new Dictionary<long, MessageTranslation>(
            await store.ListAsync(conversation.Id, toRead[0].Sequence, toRead[^1].Sequence, language, cancellationToken).ConfigureAwait(false));
        var missing = toRead.Where(m => !found.ContainsKey(m.Sequence)).ToList();
        if (missing.Count > 0 && onDemand)
        {
            try
            {
                foreach (var (sequence, translation) in await translations.TranslateAsync(conversation, missing, language, cancellationToken).ConfigureAwait(false))
                {
                    found[sequence] = translation;
                }
            }
            catch (TranslatorException)
            {
                // Shown as written, "pending"; the next request asks again (logged by the client).
            }
        }

        var readable = toRead.Select(m => m.Sequence).ToHashSet();
        return [.. views.Select((view, i) => readable.Contains(messages[i].Sequence)
            ? Localize(view, found.GetValueOrDefault(messages[i].Sequence), language)
            : view with { Translation = new TranslationView(TranslationView.NotNeeded, null) })];
    }

    private static MessageView Localize(MessageView view, MessageTranslation? translation, string language) => translation switch
    {
        null => view with { Translation = new TranslationView(TranslationView.Pending, language) },
        { Outcome: TranslationOutcome.Translated, Text: { } text } => view with
        {
            Text = text, Original = view.Text, DetectedLanguage = translation.DetectedLanguage, Translation = new TranslationView(TranslationView.Translated, language),
        },
        { Outcome: TranslationOutcome.Withheld } => view with
        {
            DetectedLanguage = translation.DetectedLanguage, Translation = new TranslationView(TranslationView.Withheld, language),
        },
        _ => view with { DetectedLanguage = translation.DetectedLanguage, Translation = new TranslationView(TranslationView.NotNeeded, language) },
    };
}
