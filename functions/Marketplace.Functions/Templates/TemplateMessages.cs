using Marketplace.Domain.Conversations;
using Marketplace.Domain.Templates;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Marketplace.Storage.Templates;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Templates;

/// <summary>
/// Turns a template into a message for one conversation: the body in the buyer's language (the original, a reviewed
/// translation, or a machine translation made once per template version and language and kept), then the placeholders
/// filled from the order and the sender's variables.
/// </summary>
internal sealed class TemplateMessages(
    TemplateStore store, ITextTranslator translator, IOptions<TranslationOptions> translation, KeyedAsyncLock locks, ILogger<TemplateMessages> logger)
{
    /// <summary>The template's body in the buyer's language; the original when translation is off or fails (the message's own translation then follows as for any message).</summary>
    public async Task<string> BodyForBuyerAsync(MessageTemplate template, Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(conversation);
        var language = LanguageTags.Normalize(conversation.BuyerLanguage) ?? template.Language;
        if (template.BodyFor(language) is { } written)
        {
            return written;
        }

        if (!translation.Value.Enabled)
        {
            return template.Body;
        }

        if (await store.GetTranslationAsync(template, language, cancellationToken).ConfigureAwait(false) is { } kept)
        {
            return kept;
        }

        // Sends of a new version racing in this process wait for one translation instead of each paying for their own.
        using var held = await locks.AcquireAsync($"template-translation~{template.Id}~{template.Version}~{language}", cancellationToken).ConfigureAwait(false);
        if (await store.GetTranslationAsync(template, language, cancellationToken).ConfigureAwait(false) is { } keptMeanwhile)
        {
            return keptMeanwhile;
        }

        try
        {
            var result = await translator.TranslateAsync([TemplateText.Protect(template.Body)], [language], template.Language, cancellationToken)
                .ConfigureAwait(false);
            if (TemplateText.Unprotect(result[0].Translations[0].Text, template.Body) is not { } translated)
            {
                TemplatesLog.TemplateTranslationFailed(logger, template.Id, template.Version, language, "placeholders_changed", template.Language);
                return template.Body;
            }

            await store.SaveTranslationAsync(template, language, translated, cancellationToken).ConfigureAwait(false);
            TemplatesLog.TemplateTranslated(logger, template.Id, template.Version, language);
            return translated;
        }
        catch (TranslatorException ex)
        {
            TemplatesLog.TemplateTranslationFailed(logger, template.Id, template.Version, language, ex.GetType().Name, template.Language);
            return template.Body;
        }
    }

    /// <summary>
    /// <paramref name="body"/> with its placeholders filled: order placeholders from the conversation, the rest from
    /// <paramref name="values"/>. Order values the order does not have (yet) are listed in <paramref name="missing"/>.
    /// </summary>
    /// <param name="fromServer">Order values looked up elsewhere than the conversation (the return label's link), by name.</param>
    public static string Fill(
        string body, Conversation conversation, IReadOnlyDictionary<string, string> values, List<string> missing,
        IReadOnlyDictionary<string, string>? fromServer = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(missing);
        return TemplateText.Render(body, name =>
        {
            if (TemplatePlaceholders.FromOrder.Contains(name))
            {
                if (fromServer is not null && fromServer.TryGetValue(name, out var looked))
                {
                    return looked;
                }

                if (TemplateFilling.FromOrder(name, conversation) is { } fromOrder)
                {
                    return fromOrder;
                }

                missing.Add(name);
                return "";
            }

            return values.TryGetValue(name, out var value) ? value : "";
        });
    }
}
