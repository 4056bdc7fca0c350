using Marketplace.ContentPolicy.Detection;

namespace Marketplace.ContentPolicy;

/// <summary>A <see cref="PolicyProfile"/> turned into lookup tables once, so evaluating a message allocates little.</summary>
internal sealed class CompiledProfile
{
    private readonly Dictionary<string, PolicyAction>[] _actionsByRole;

    public CompiledProfile(string name, PolicyProfile profile, IReadOnlyList<string> defaultCarrierDomains)
    {
        Name = name;
        _actionsByRole = new Dictionary<string, PolicyAction>[2];
        foreach (var role in new[] { AuthorRole.Buyer, AuthorRole.Seller })
        {
            var map = new Dictionary<string, PolicyAction>(StringComparer.OrdinalIgnoreCase);
            if (profile.Actions.TryGetValue(role, out var configured))
            {
                foreach (var (reason, action) in configured)
                {
                    map[reason] = action;
                }
            }

            _actionsByRole[(int)role] = map;
        }

        PhoneRegions = [.. profile.PhoneRegions.Select(r => r.Trim().ToUpperInvariant()).Where(r => r.Length == 2).Distinct()];
        AllowedDomains = new DomainPatterns(profile.AllowedDomains);
        CarrierDomains = profile.AllowCarrierTrackingLinks
            ? new DomainPatterns(profile.CarrierTrackingDomains.Count > 0 ? profile.CarrierTrackingDomains : defaultCarrierDomains)
            : null;
        RedactionMask = profile.RedactionMask;
        var rules = profile.SellerRules ?? new SellerMessagingRules();
        ReasonRequiredToStart = rules.ReasonRequiredToStart;
        StartReasons = new HashSet<string>(rules.StartReasons, StringComparer.OrdinalIgnoreCase);
        RefuseForbiddenMessageTypes = rules.RefuseForbiddenMessageTypes;
        ProactiveWindow = rules.ProactiveWindowDays > 0 ? TimeSpan.FromDays(rules.ProactiveWindowDays) : null;
        CriticalReasons = new HashSet<string>(rules.CriticalReasons, StringComparer.OrdinalIgnoreCase);
        Lexicon = Lexicon.For(profile.Lexicon);
    }

    /// <summary>The built-in lexicon plus this profile's additions, compiled.</summary>
    public Lexicon Lexicon { get; }

    public string Name { get; }

    public string[] PhoneRegions { get; }

    public DomainPatterns AllowedDomains { get; }

    /// <summary>Carrier tracking domains that are allowed, or null when carrier links are not allowed.</summary>
    public DomainPatterns? CarrierDomains { get; }

    public string RedactionMask { get; }

    public bool ReasonRequiredToStart { get; }

    public HashSet<string> StartReasons { get; }

    public bool RefuseForbiddenMessageTypes { get; }

    public TimeSpan? ProactiveWindow { get; }

    public HashSet<string> CriticalReasons { get; }

    public PolicyAction ActionFor(AuthorRole role, string reason) =>
        _actionsByRole[(int)role].TryGetValue(reason, out var action) ? action : PolicyAction.Allow;
}
