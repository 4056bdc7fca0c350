namespace Marketplace.ContentPolicy.Tests;

/// <summary>A shared engine with a "strict" profile where every reason blocks, for detector tests and the corpus.</summary>
internal static class Policy
{
    public const string Strict = "strict";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static ContentPolicyEngine Engine { get; } = new(new ContentPolicyOptions { Profiles = { [Strict] = StrictProfile() } });

    public static PolicyProfile StrictProfile()
    {
        var all = ReasonCodes.All.ToDictionary(r => r, _ => PolicyAction.Block);
        return new PolicyProfile
        {
            Actions = new() { [AuthorRole.Buyer] = new(all), [AuthorRole.Seller] = new(all) },
            PhoneRegions = ["US", "GB", "ES", "MX", "AR", "BR", "CO", "CL", "PL", "FR", "DE", "IT"],
            AllowedDomains = ["amazon.*", "mercadolibre.*", "mercadolivre.com.br", "allegro.*", "ebay.*"],
            AllowCarrierTrackingLinks = true,
        };
    }

    public static PolicyDecision Check(string text, AuthorRole author = AuthorRole.Buyer) =>
        Engine.Evaluate(new PolicyRequest(Strict, author, text, Now));

    public static string[] Reasons(string text) =>
        [.. Check(text).Findings.Select(f => f.ReasonCode).Distinct().Order(StringComparer.Ordinal)];

    public static string[] Kinds(string text) =>
        [.. Check(text).Findings.Select(f => f.Kind).Distinct().Order(StringComparer.Ordinal)];
}
