using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Translation;

/// <summary>
/// The Translator's supported languages, fetched once and kept for <see cref="TranslationOptions.LanguagesCacheDuration"/>
/// (the list changes a few times a year; one call per instance per day).
/// </summary>
internal sealed class LanguageCatalog(ITextTranslator translator, IOptions<TranslationOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (IReadOnlyList<TranslatorLanguage> Languages, HashSet<string> Codes, DateTimeOffset FetchedAt)? _cached;

    /// <summary>The languages; throws <see cref="TranslatorException"/> when the Translator cannot be asked and nothing is cached.</summary>
    public async Task<IReadOnlyList<TranslatorLanguage>> GetAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).Languages;

    /// <summary>Whether the Translator translates into <paramref name="code"/>; true when that cannot be known now (it will say so itself).</summary>
    public async Task<bool> SupportsAsync(string code, CancellationToken cancellationToken)
    {
        try
        {
            return (await LoadAsync(cancellationToken).ConfigureAwait(false)).Codes.Contains(code);
        }
        catch (TranslatorException)
        {
            return true;
        }
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<(IReadOnlyList<TranslatorLanguage> Languages, HashSet<string> Codes, DateTimeOffset FetchedAt)> LoadAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } fetched)
            {
                return fetched;
            }

            try
            {
                var languages = await translator.GetLanguagesAsync(cancellationToken).ConfigureAwait(false);
                _cached = (languages, languages.Select(l => l.Code).ToHashSet(StringComparer.OrdinalIgnoreCase), time.GetUtcNow());
            }
            catch (TranslatorException) when (_cached is not null)
            {
                // A stale list beats none: keep it until the Translator answers again.
            }

            return _cached!.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private (IReadOnlyList<TranslatorLanguage>, HashSet<string>, DateTimeOffset)? Fresh() =>
        _cached is { } cached && time.GetUtcNow() - cached.FetchedAt < options.Value.LanguagesCacheDuration ? cached : null;
}
