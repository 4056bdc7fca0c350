namespace Marketplace.ContentPolicy;

/// <summary>
/// The lexicon categories a profile may extend (<see cref="PolicyProfile.Lexicon"/>); the built-in terms are in
/// Data/lexicon.json of this assembly.
/// </summary>
public static class LexiconCategories
{
    /// <summary>Number words as "word=value" (0-19, tens, hundreds): "douze=12", "szescset=600".</summary>
    public const string NumberWords = "numberWords";

    /// <summary>Words people put between the digit groups of one phone number: "then", "luego", "und dann".</summary>
    public const string NumberFillers = "numberFillers";

    /// <summary>Messengers and social networks, names and slang: "whatsapp", "wasap", "fejs*", "insta".</summary>
    public const string Messengers = "messengers";

    /// <summary>Short or ambiguous messenger names that count only right after a contact verb: "snap", "wa", "dm".</summary>
    public const string MessengerSlang = "messengerSlang";

    /// <summary>Paraphrases of a messenger ("the big blue app"): a weak signal, held for review rather than blocked.</summary>
    public const string MessengerParaphrases = "messengerParaphrases";

    /// <summary>Verbs and phrases that invite to a messenger: "write", "escribeme", "napisz", "adde".</summary>
    public const string ContactVerbs = "contactVerbs";

    /// <summary>Words that negate a mention earlier in the sentence: "can't", "no tengo", "nigdy", "weder".</summary>
    public const string Negations = "negations";

    /// <summary>Person-to-person payment apps and payment modes outside a marketplace's checkout: "bizum", "lydia", "paypal freunde".</summary>
    public const string PaymentApps = "paymentApps";

    /// <summary>Words that make a payment app mention a payment arrangement: "pay", "haces un", "paiement", "zahlung".</summary>
    public const string PaymentCues = "paymentCues";

    /// <summary>Phrases that place a payment on the platform ("at checkout", "przy zakupie"), so it is not a finding.</summary>
    public const string OnPlatformPayment = "onPlatformPayment";

    /// <summary>How buyers are pointed off the platform without a link: "google", "qr code".</summary>
    public const string OffPlatformHooks = "offPlatformHooks";

    /// <summary>Where they are pointed to: "order on our site", "directamente con nosotros", "direkt bei uns".</summary>
    public const string OffPlatformDestinations = "offPlatformDestinations";

    /// <summary>Seller marketing: "have a look at our other products", "huge sale", "nouvelle collection".</summary>
    public const string MarketingPhrases = "marketingPhrases";

    /// <summary>Soft requests that, with a positive review word, ask for a positive review: "would be greatly appreciated".</summary>
    public const string ReviewRequests = "reviewRequests";

    /// <summary>Every category, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        NumberWords, NumberFillers, Messengers, MessengerSlang, MessengerParaphrases, ContactVerbs, Negations, PaymentApps,
        PaymentCues, OnPlatformPayment, OffPlatformHooks, OffPlatformDestinations, MarketingPhrases, ReviewRequests,
    ];
}
