using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Storage;

namespace Marketplace.Functions.Translation;

/// <summary>
/// Which language a reader reads a conversation in: the buyer's from the order (buyerLanguage), the seller's from their
/// settings; an Accept-Language header on the request asks for another one.
/// </summary>
internal sealed class ReaderLanguages(PartySettingsStore settings, LanguageCatalog catalog)
{
    /// <summary>The party's own language; null when unknown (their messages are then shown untranslated).</summary>
    public async Task<string?> PreferredAsync(Conversation conversation, PartyRole reader, CancellationToken cancellationToken) =>
        reader == PartyRole.Buyer
            ? LanguageTags.Normalize(conversation.BuyerLanguage)
            : LanguageTags.Normalize(await settings.GetLanguageAsync(conversation.Marketplace, "seller", conversation.SellerId, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The language to show a request in, and whether it was asked for on this request (translated on demand) rather than
    /// being the reader's own (translated on delivery). A requested language the Translator does not offer is ignored.
    /// </summary>
    public async Task<(string? Language, bool OnDemand)> ForRequestAsync(
        HttpRequest request, Conversation conversation, PartyRole? reader, CancellationToken cancellationToken)
    {
        var preferred = reader is { } party ? await PreferredAsync(conversation, party, cancellationToken).ConfigureAwait(false) : null;
        var requested = LanguageTags.FromAcceptLanguage(request.Headers.AcceptLanguage);
        return requested is not null && !string.Equals(requested, preferred, StringComparison.OrdinalIgnoreCase)
            && await catalog.SupportsAsync(requested, cancellationToken).ConfigureAwait(false)
            ? (requested, true)
            : (preferred, false);
    }
}
