namespace Marketplace.Domain.Profiles;

/// <summary>
/// The marketplace profiles the service knows (amazon, mercadolibre, allegro, ebay, generic), with the
/// defaults from MARKETPLACE-FACTS.md; configuration may override any field of any profile.
/// </summary>
public sealed class MarketplaceProfiles
{
    public const string Amazon = "amazon";
    public const string MercadoLibre = "mercadolibre";
    public const string Allegro = "allegro";
    public const string Ebay = "ebay";
    public const string Generic = "generic";

    private readonly Dictionary<string, MarketplaceProfile> _profiles;

    public MarketplaceProfiles(IDictionary<string, MarketplaceProfile>? overrides = null)
    {
        _profiles = new Dictionary<string, MarketplaceProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in (string[])[Amazon, MercadoLibre, Allegro, Ebay, Generic])
        {
            _profiles[name] = BuiltIn(name)!;
        }

        foreach (var (name, profile) in overrides ?? new Dictionary<string, MarketplaceProfile>())
        {
            _profiles[name] = profile;
        }
    }

    /// <summary>A new instance of the built-in profile of that name with its defaults, or null for a name we don't know.</summary>
    public static MarketplaceProfile? BuiltIn(string marketplace) => marketplace.ToLowerInvariant() switch
    {
        Amazon or Ebay or Generic => new(),
        MercadoLibre => new() { MaxTextLength = 350 },
        Allegro => new() { MaxAttachmentBytes = 5_242_880 },
        _ => null,
    };

    public IEnumerable<string> Names => _profiles.Keys;

    public bool TryGet(string marketplace, out MarketplaceProfile profile) =>
        _profiles.TryGetValue(marketplace, out profile!);

    public MarketplaceProfile Get(string marketplace) =>
        TryGet(marketplace, out var profile)
            ? profile
            : throw new KeyNotFoundException($"Unknown marketplace '{marketplace}'.");
}
