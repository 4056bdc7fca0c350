namespace Marketplace.ContentPolicy;

/// <summary>Stable reason codes of content findings (in the spirit of MercadoLibre's moderation reasons).</summary>
public static class ReasonCodes
{
    /// <summary>Email addresses and phone numbers.</summary>
    public const string PersonalData = "PERSONAL_DATA";

    /// <summary>Social networks and messengers: handles, wa.me/t.me links, "write me on WhatsApp".</summary>
    public const string SocialNetworkLink = "SOCIAL_NETWORK_LINK";

    /// <summary>Shortened links (bit.ly, tinyurl, …) that hide where they lead.</summary>
    public const string LinkShortUrl = "LINK_SHORT_URL";

    /// <summary>Links and domains outside the marketplace (and outside allowed carrier tracking).</summary>
    public const string ExternalLink = "EXTERNAL_LINK";

    /// <summary>Paying or selling outside the platform: PayPal friends and family, bank transfer, IBAN, account numbers.</summary>
    public const string OffPlatformPayment = "OFF_PLATFORM_PAYMENT";

    /// <summary>Asking for positive reviews, or offering something for a review or for changing one.</summary>
    public const string ReviewManipulation = "REVIEW_MANIPULATION";

    /// <summary>Marketing: discount codes, other stores, new collections.</summary>
    public const string Promotion = "PROMOTION";

    /// <summary>Emoji.</summary>
    public const string Emoji = "EMOJI";

    /// <summary>HTML markup.</summary>
    public const string Html = "HTML";

    /// <summary>Every reason code, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PersonalData, SocialNetworkLink, LinkShortUrl, ExternalLink, OffPlatformPayment,
        ReviewManipulation, Promotion, Emoji, Html,
    ];
}
