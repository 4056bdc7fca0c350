namespace Marketplace.ContentPolicy;

/// <summary>One marketplace's content rules: actions per author role and reason, allowed domains, phone regions, seller rules.</summary>
public sealed class PolicyProfile
{
    /// <summary>
    /// Action per author role and reason code (<see cref="ReasonCodes"/>). A reason missing for a role means Allow:
    /// the detector does not even run for that role.
    /// </summary>
    public Dictionary<AuthorRole, Dictionary<string, PolicyAction>> Actions { get; set; } = [];

    /// <summary>ISO 3166 regions whose national phone formats are recognised (international "+…" numbers always are).</summary>
    public List<string> PhoneRegions { get; set; } = [];

    /// <summary>
    /// Domains links may point to: "amazon.*" (any amazon.&lt;suffix&gt; and its subdomains) or an exact domain
    /// "mercadolivre.com.br" (and its subdomains).
    /// </summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>Allow links to the carriers' tracking sites (UPS, USPS, Correos, InPost, Correios, …).</summary>
    public bool AllowCarrierTrackingLinks { get; set; }

    /// <summary>Carrier domains for <see cref="AllowCarrierTrackingLinks"/>; empty means the built-in carrier list.</summary>
    public List<string> CarrierTrackingDomains { get; set; } = [];

    /// <summary>What replaces a redacted span in the delivered text.</summary>
    public string RedactionMask { get; set; } = "[removed]";

    /// <summary>
    /// Terms added to the built-in lexicon, by category (<see cref="LexiconCategories"/>): e.g. a marketplace's local
    /// messenger slang under "messengers" or a payment app under "paymentApps". Terms are lower-case words; a space
    /// matches any spacing and '*' the rest of a word. Added to the built-in terms, never replacing them.
    /// </summary>
    public Dictionary<string, List<string>> Lexicon { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Who may send what and when (seller reasons, messaging window, opt-out).</summary>
    public SellerMessagingRules SellerRules { get; set; } = new();
}
