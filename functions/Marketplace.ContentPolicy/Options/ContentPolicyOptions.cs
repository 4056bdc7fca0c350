namespace Marketplace.ContentPolicy;

/// <summary>Content-policy configuration: the marketplace profiles, bindable from configuration.</summary>
/// <remarks>
/// Bind with <c>AddOptions&lt;ContentPolicyOptions&gt;().BindConfiguration("ContentPolicy")</c>. A profile configured
/// under a built-in name replaces that built-in profile as a whole (lists are not merged), so start from
/// <see cref="BuiltInProfiles"/> when you only want to change a few actions.
/// </remarks>
public sealed class ContentPolicyOptions
{
    /// <summary>Profiles by name (case-insensitive); they replace built-ins of the same name.</summary>
    public Dictionary<string, PolicyProfile> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Also offer the built-in amazon, mercadolibre, allegro, ebay and generic profiles (default true).</summary>
    public bool IncludeBuiltInProfiles { get; set; } = true;

    /// <summary>
    /// Profile used when a request names an unknown profile. Null (the default) makes
    /// <see cref="ContentPolicyEngine.Evaluate"/> throw <see cref="ArgumentException"/> instead: a typo in a marketplace
    /// name should fail loudly rather than silently apply another marketplace's rules.
    /// </summary>
    public string? FallbackProfile { get; set; }
}
