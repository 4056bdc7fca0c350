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

    public static readonly IReadOnlyList<string> AmazonReasons =
    [
        "confirm_order_details", "confirm_delivery_details", "confirm_customization_details",
        "confirm_service_details", "unexpected_problem", "warranty", "legal_disclosure",
        "digital_access_key", "invoice", "additional_information_required",
    ];

    private static readonly string[] s_genericReasons =
    [
        "order_details", "delivery", "customization", "unexpected_problem", "warranty", "invoice", "other",
    ];

    private readonly Dictionary<string, MarketplaceProfile> _profiles;

    public MarketplaceProfiles(IDictionary<string, MarketplaceProfile>? overrides = null)
    {
        _profiles = new Dictionary<string, MarketplaceProfile>(StringComparer.OrdinalIgnoreCase)
        {
            [Amazon] = new() { SellerMessageReasons = [.. AmazonReasons] },
            [MercadoLibre] = new() { MaxTextLength = 350, SellerMessageReasons = [.. s_genericReasons] },
            [Allegro] = new() { MaxAttachmentBytes = 5_242_880, SellerMessageReasons = [.. s_genericReasons], SellerReasonRequiredToStart = false },
            [Ebay] = new() { SellerMessageReasons = [.. s_genericReasons], SellerReasonRequiredToStart = false },
            [Generic] = new() { SellerMessageReasons = [.. s_genericReasons] },
        };
        foreach (var (name, profile) in overrides ?? new Dictionary<string, MarketplaceProfile>())
        {
            _profiles[name] = profile;
        }
    }

    public IEnumerable<string> Names => _profiles.Keys;

    public bool TryGet(string marketplace, out MarketplaceProfile profile) =>
        _profiles.TryGetValue(marketplace, out profile!);

    public MarketplaceProfile Get(string marketplace) =>
        TryGet(marketplace, out var profile)
            ? profile
            : throw new KeyNotFoundException($"Unknown marketplace '{marketplace}'.");
}
