using static Marketplace.ContentPolicy.PolicyAction;
using static Marketplace.ContentPolicy.ReasonCodes;
using static Marketplace.ContentPolicy.SellerMessageReasons;

namespace Marketplace.ContentPolicy;

/// <summary>The built-in marketplace profiles (amazon, mercadolibre, allegro, ebay, generic), following MARKETPLACE-FACTS.md.</summary>
/// <remarks>Each call returns fresh objects, so callers may change them before putting them into <see cref="ContentPolicyOptions"/>.</remarks>
public static class BuiltInProfiles
{
    public const string Amazon = "amazon";
    public const string MercadoLibre = "mercadolibre";
    public const string Allegro = "allegro";
    public const string Ebay = "ebay";
    public const string Generic = "generic";

    /// <summary>The built-in profile names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Amazon, MercadoLibre, Allegro, Ebay, Generic];

    /// <summary>A fresh copy of the built-in profile with that name, or null.</summary>
    public static PolicyProfile? Create(string name) => name.ToUpperInvariant() switch
    {
        "AMAZON" => CreateAmazon(),
        "MERCADOLIBRE" => CreateMercadoLibre(),
        "ALLEGRO" => CreateAllegro(),
        "EBAY" => CreateEbay(),
        "GENERIC" => CreateGeneric(),
        _ => null,
    };

    private static readonly string[] s_allRegions = ["US", "GB", "ES", "MX", "AR", "BR", "CO", "CL", "PL", "FR", "DE", "IT"];

    private static readonly string[] s_criticalAmazonReasons =
        [ConfirmCustomization, DeliveryScheduling, AddressProblem, AdditionalInformationRequired];

    // Amazon blocks email addresses, HTML, unrelated links, promotions, emoji and asking for positive reviews in
    // seller messages; buyers' contact details are masked because Amazon relays through anonymised aliases.
    private static PolicyProfile CreateAmazon() => new()
    {
        Actions = new()
        {
            [AuthorRole.Seller] = Actions(
                (PersonalData, Block), (SocialNetworkLink, Block), (LinkShortUrl, Block), (ExternalLink, Block),
                (OffPlatformPayment, Block), (ReviewManipulation, Block), (Promotion, Block), (Emoji, Block), (Html, Block)),
            [AuthorRole.Buyer] = Actions(
                (PersonalData, Redact), (SocialNetworkLink, Redact), (LinkShortUrl, Redact), (ExternalLink, Redact),
                (OffPlatformPayment, Hold), (Html, Redact)),
        },
        PhoneRegions = ["US", "GB", "DE", "FR", "IT", "ES", "MX", "BR", "PL"],
        AllowedDomains = ["amazon.*"],
        AllowCarrierTrackingLinks = true,
        SellerRules = new()
        {
            ReasonRequiredToStart = true,
            StartReasons =
            [
                ConfirmOrderDetails, ConfirmDelivery, ConfirmCustomization, ConfirmServiceDetails, UnexpectedProblem,
                Warranty, LegalDisclosure, DigitalAccessKey, Invoice, AdditionalInformationRequired, DeliveryScheduling,
                AddressProblem,
            ],
            RefuseForbiddenMessageTypes = true,
            ProactiveWindowDays = 30,
            CriticalReasons = [.. s_criticalAmazonReasons],
        },
    };

    // MercadoLibre rejects personal data, social links, short URLs and PayPal/payment links for both parties and
    // keeps doubtful content pending (Hold); emoji are fine. The seller must pick a reason to start.
    private static PolicyProfile CreateMercadoLibre()
    {
        var both = new (string, PolicyAction)[]
        {
            (PersonalData, Block), (SocialNetworkLink, Block), (LinkShortUrl, Block), (ExternalLink, Hold),
            (OffPlatformPayment, Block), (ReviewManipulation, Hold), (Promotion, Hold), (Html, Block),
        };
        return new()
        {
            Actions = new() { [AuthorRole.Seller] = Actions(both), [AuthorRole.Buyer] = Actions(both) },
            PhoneRegions = ["AR", "BR", "MX", "CO", "CL", "UY", "PE"],
            AllowedDomains = ["mercadolibre.*", "mercadolivre.com.br", "mercadolibre.com"],
            AllowCarrierTrackingLinks = true,
            SellerRules = new()
            {
                ReasonRequiredToStart = true,
                StartReasons = [RequestVariants, RequestBillingInfo, SendInvoiceLink, DeliveryPromise, Other],
                ProactiveWindowDays = 30,
                CriticalReasons = [DeliveryPromise],
            },
        };
    }

    // Allegro keeps suspicious messages in VERIFYING (Hold) and blocks the clear cases.
    private static PolicyProfile CreateAllegro()
    {
        var both = new (string, PolicyAction)[]
        {
            (PersonalData, Hold), (SocialNetworkLink, Hold), (LinkShortUrl, Block), (ExternalLink, Hold),
            (OffPlatformPayment, Block), (ReviewManipulation, Hold), (Promotion, Hold), (Html, Redact),
        };
        return new()
        {
            Actions = new() { [AuthorRole.Seller] = Actions(both), [AuthorRole.Buyer] = Actions(both) },
            PhoneRegions = ["PL", "DE", "CZ", "SK"],
            AllowedDomains = ["allegro.*"],
            AllowCarrierTrackingLinks = true,
        };
    }

    // eBay masks contact details and blocks payment outside eBay and feedback extortion; messages run 90 days.
    private static PolicyProfile CreateEbay()
    {
        var both = new (string, PolicyAction)[]
        {
            (PersonalData, Redact), (SocialNetworkLink, Redact), (LinkShortUrl, Block), (ExternalLink, Redact),
            (OffPlatformPayment, Block), (ReviewManipulation, Block), (Promotion, Hold), (Html, Redact),
        };
        return new()
        {
            Actions = new() { [AuthorRole.Seller] = Actions(both), [AuthorRole.Buyer] = Actions(both) },
            PhoneRegions = ["US", "GB", "DE", "FR", "IT", "ES", "PL"],
            AllowedDomains = ["ebay.*"],
            AllowCarrierTrackingLinks = true,
            SellerRules = new() { ProactiveWindowDays = 90 },
        };
    }

    // A conservative default for marketplaces without their own profile.
    private static PolicyProfile CreateGeneric() => new()
    {
        Actions = new()
        {
            [AuthorRole.Seller] = Actions(
                (PersonalData, Block), (SocialNetworkLink, Block), (LinkShortUrl, Block), (ExternalLink, Hold),
                (OffPlatformPayment, Block), (ReviewManipulation, Block), (Promotion, Hold), (Html, Redact)),
            [AuthorRole.Buyer] = Actions(
                (PersonalData, Redact), (SocialNetworkLink, Redact), (LinkShortUrl, Block), (ExternalLink, Hold),
                (OffPlatformPayment, Block), (ReviewManipulation, Hold), (Html, Redact)),
        },
        PhoneRegions = [.. s_allRegions],
        AllowCarrierTrackingLinks = true,
        SellerRules = new()
        {
            ReasonRequiredToStart = true,
            StartReasons =
            [
                ConfirmOrderDetails, ConfirmDelivery, ConfirmCustomization, UnexpectedProblem, Invoice,
                AdditionalInformationRequired, DeliveryScheduling, AddressProblem,
            ],
            ProactiveWindowDays = 30,
            CriticalReasons = [.. s_criticalAmazonReasons],
        },
    };

    private static Dictionary<string, PolicyAction> Actions(params (string Reason, PolicyAction Action)[] actions)
    {
        var map = new Dictionary<string, PolicyAction>(StringComparer.OrdinalIgnoreCase);
        foreach (var (reason, action) in actions)
        {
            map[reason] = action;
        }

        return map;
    }
}
