namespace Marketplace.Functions.Translation;

/// <summary>
/// Settings of message translation (section "Translation"). Off by default: locally nothing needs Azure. In Azure the
/// app reaches its Translator resource with its managed identity (no <see cref="Key"/>); a key is for other setups.
/// </summary>
public sealed class TranslationOptions
{
    public const string Section = "Translation";

    /// <summary>Whether messages are translated at all; when false every message shows translation status "off".</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The Translator Text API v3 base address: the global endpoint (https://api.cognitive.microsofttranslator.com/) or a
    /// resource's custom domain (https://NAME.cognitiveservices.azure.com/translator/text/v3.0/). Plain http only for
    /// a loopback host (a local fake).
    /// </summary>
    public Uri? Endpoint { get; set; } = new("https://api.cognitive.microsofttranslator.com/");

    /// <summary>The resource's region (Ocp-Apim-Subscription-Region); needed for a regional resource on the global endpoint.</summary>
    public string? Region { get; set; }

    /// <summary>The resource key (Ocp-Apim-Subscription-Key). Empty: a Microsoft Entra token from the app's identity is sent instead.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The Translator resource's id (Ocp-Apim-ResourceId), sent with an Entra token when the endpoint is the global one;
    /// not needed with a custom-domain endpoint.
    /// </summary>
    public string? ResourceId { get; set; }

    /// <summary>The longest one call may take, retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest one attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Immediate retries of a failed call (5xx, timeouts, 429 whose Retry-After is at most <see cref="MaxRetryAfter"/>).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The longest Retry-After honoured inside one call; a longer one ends the call and the background retry waits it out.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The first background retry of a translation that failed; doubled per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between background retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The shortest wait after the quota ran out.</summary>
    public TimeSpan QuotaRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Background attempts per translation before it is given up (logged; the reader keeps the original).</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>How long the list of supported languages is kept.</summary>
    public TimeSpan LanguagesCacheDuration { get; set; } = TimeSpan.FromHours(24);
}
