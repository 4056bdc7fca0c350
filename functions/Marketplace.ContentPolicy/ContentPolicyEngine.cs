using System.Text;
using Marketplace.ContentPolicy.Detection;
using Marketplace.ContentPolicy.Rules;
using Marketplace.ContentPolicy.Text;

namespace Marketplace.ContentPolicy;

/// <summary>Checks a marketplace message against its profile's content policy and seller rules; thread-safe, create once.</summary>
public sealed class ContentPolicyEngine
{
    private readonly Dictionary<string, CompiledProfile> _profiles = new(StringComparer.OrdinalIgnoreCase);
    private readonly CompiledProfile? _fallback;

    /// <summary>Compiles the configured profiles (plus the built-in ones unless turned off).</summary>
    /// <exception cref="ArgumentException">The fallback profile does not exist.</exception>
    public ContentPolicyEngine(ContentPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IncludeBuiltInProfiles)
        {
            foreach (var name in BuiltInProfiles.Names)
            {
                _profiles[name] = new CompiledProfile(name, BuiltInProfiles.Create(name)!, UrlDetector.DefaultCarrierDomains);
            }
        }

        foreach (var (name, profile) in options.Profiles)
        {
            _profiles[name] = new CompiledProfile(name, profile, UrlDetector.DefaultCarrierDomains);
        }

        if (options.FallbackProfile is { } fallbackName)
        {
            _fallback = _profiles.TryGetValue(fallbackName, out var p)
                ? p
                : throw new ArgumentException($"The fallback content-policy profile '{fallbackName}' is not configured.", nameof(options));
        }
    }

    /// <summary>An engine with the built-in profiles only.</summary>
    public ContentPolicyEngine()
        : this(new ContentPolicyOptions())
    {
    }

    /// <summary>The profile names this engine knows.</summary>
    public IReadOnlyCollection<string> ProfileNames => _profiles.Keys;

    /// <summary>Checks one message: content findings, seller rules, verdict and the text to deliver.</summary>
    /// <exception cref="ArgumentException">The profile is unknown and no fallback profile is configured.</exception>
    public PolicyDecision Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var profile = Resolve(request.Profile);
        var text = request.Text ?? string.Empty;

        using var normalized = NormalizedText.Create(text);
        var context = new DetectionContext(normalized, profile);
        Detect(context);

        var findings = ToFindings(context, request.Author);
        var violations = SellerRuleEvaluator.Evaluate(request, profile, normalized.Text);

        var verdict = PolicyAction.Allow;
        foreach (var f in findings)
        {
            if (f.Action > verdict)
            {
                verdict = f.Action;
            }
        }

        if (violations is { Count: > 0 })
        {
            verdict = PolicyAction.Block;
        }

        return new PolicyDecision(verdict, findings, (IReadOnlyList<RuleViolation>?)violations ?? [], Redact(text, findings, profile.RedactionMask));
    }

    /// <summary>
    /// Whether a seller message with this reason reaches a buyer who opted out of unsolicited messages (the profile's
    /// critical reasons, the one list the seller rules also use).
    /// </summary>
    /// <exception cref="ArgumentException">The profile is unknown and no fallback profile is configured.</exception>
    public bool IsCriticalReason(string profile, string? reason) =>
        !string.IsNullOrWhiteSpace(reason) && Resolve(profile).CriticalReasons.Contains(reason.Trim());

    private CompiledProfile Resolve(string? name)
    {
        if (name is not null && _profiles.TryGetValue(name, out var profile))
        {
            return profile;
        }

        return _fallback ?? throw new ArgumentException(
            $"Unknown content-policy profile '{name}'. Known profiles: {string.Join(", ", _profiles.Keys)}.", nameof(name));
    }

    // Order matters: contact details and links claim their spans first so later detectors don't re-read them
    // (the phone detector asks SafeNumberDetector about each number it considers).
    private static void Detect(DetectionContext context)
    {
        HtmlDetector.Detect(context);
        EmojiDetector.Detect(context);
        EmailDetector.Detect(context);
        UrlDetector.Detect(context);
        SocialDetector.Detect(context);
        PaymentDetector.Detect(context);
        PhoneDetector.Detect(context);
        SpelledNumberDetector.Detect(context);
        ContactRequestDetector.Detect(context);
        AddressDetector.Detect(context);
        ReviewDetector.Detect(context);
        PromotionDetector.Detect(context);
    }

    private static List<PolicyFinding> ToFindings(DetectionContext context, AuthorRole author)
    {
        var raw = context.Findings;
        raw.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var findings = new List<PolicyFinding>(raw.Count);
        RawFinding? previous = null;
        foreach (var f in raw)
        {
            // The same reason reported twice over one span (e.g. "WhatsApp: +34…" as messenger and phone) is one finding.
            if (previous is { } p && p.Reason == f.Reason && f.Start < p.End)
            {
                continue;
            }

            var action = context.Profile.ActionFor(author, f.Reason);
            if (f.Weak && action == PolicyAction.Block)
            {
                // A fuzzy signal alone never blocks a message: it waits for a person instead.
                action = PolicyAction.Hold;
            }

            if (action == PolicyAction.Allow)
            {
                continue;
            }

            previous = f;
            var (start, length) = context.Normalized.ToOriginal(f.Start, f.End);
            var quote = context.Normalized.Original.Substring(start, length);
            findings.Add(new PolicyFinding(f.Reason, f.Kind, start, length, action, FindingMessages.For(f.Kind, quote)));
        }

        return findings;
    }

    private static string Redact(string text, List<PolicyFinding> findings, string mask)
    {
        StringBuilder? builder = null;
        var copied = 0;
        foreach (var f in findings)
        {
            if (f.Action != PolicyAction.Redact || f.End <= copied)
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            var start = Math.Max(f.Start, copied);
            builder.Append(text, copied, start - copied).Append(mask);
            copied = f.End;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }
}
