namespace Marketplace.Domain.Templates;

/// <summary>
/// One version of a message template. Marketplace templates (<see cref="SellerId"/> null) are written by the marketplace
/// and read by its sellers, with reviewed <see cref="Translations"/>; seller templates are a seller's own, checked by the
/// content policy when saved. An edit makes a new version; a sent message names the version it used.
/// </summary>
/// <param name="Reason">The seller message reason it serves (e.g. CONFIRM_DELIVERY): decides whether it reaches a buyer who opted out.</param>
/// <param name="Language">The language <paramref name="Body"/> is written in (a Translator code).</param>
public sealed record MessageTemplate(
    string Id, string Marketplace, string? SellerId, int Version, string Name, string? Reason, string Language, string Body,
    IReadOnlyList<TemplateVariable> Variables, IReadOnlyDictionary<string, string> Translations, DateTimeOffset UpdatedAt)
{
    public bool IsMarketplaceTemplate => SellerId is null;

    /// <summary>The body written for <paramref name="language"/> (the original or a reviewed translation), or null.</summary>
    public string? BodyFor(string language) =>
        string.Equals(language, Language, StringComparison.OrdinalIgnoreCase) ? Body
        : Translations.FirstOrDefault(t => string.Equals(t.Key, language, StringComparison.OrdinalIgnoreCase)).Value;
}
