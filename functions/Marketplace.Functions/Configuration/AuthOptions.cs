namespace Marketplace.Functions.Configuration;

/// <summary>How bearer tokens are signed and checked (section "Auth"). The key comes from Key Vault in Azure.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The HMAC-SHA256 key tokens are signed with: at least 32 bytes (UTF-8). A secret.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>The "iss" every token must carry.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The "aud" every token must carry.</summary>
    public string Audience { get; set; } = "";

    /// <summary>How long a token printed by the token command (or issued by <c>TokenIssuer</c>) is valid by default.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How much clock difference between issuer and this app is tolerated when checking expiry.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
