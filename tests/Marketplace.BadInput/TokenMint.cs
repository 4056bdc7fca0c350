using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.BadInput;

/// <summary>
/// Bearer tokens as the app's TokenIssuer makes them (HS256 JWT: role, sub, marketplace, iss, aud, nbf, exp), and
/// forgeries of every part: header, claims, signature. Written out by hand so nothing normalizes the forgeries.
/// </summary>
public sealed class TokenMint(string signingKey, string issuer, string audience)
{
    public string SigningKey => signingKey;

    /// <summary>A genuine token, valid for an hour.</summary>
    public string Valid(string role, string subject, string? marketplace) => Sign(Header(), Claims(role, subject, marketplace));

    /// <summary>The claims of a genuine token, to be altered.</summary>
    public JsonObject Claims(string role, string subject, string? marketplace, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["role"] = role,
            ["sub"] = subject,
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = (notBefore ?? now.AddMinutes(-1)).ToUnixTimeSeconds(),
            ["nbf"] = (notBefore ?? now.AddMinutes(-1)).ToUnixTimeSeconds(),
            ["exp"] = (expires ?? now.AddHours(1)).ToUnixTimeSeconds(),
        };
        if (marketplace is not null)
        {
            claims["marketplace"] = marketplace;
        }

        return claims;
    }

    public static JsonObject Header(string alg = "HS256") => new() { ["alg"] = alg, ["typ"] = "JWT" };

    /// <summary>header.payload signed with HMAC-SHA256 under <paramref name="key"/> (default: the app's key).</summary>
    public string Sign(JsonNode header, JsonNode claims, string? key = null)
    {
        var unsigned = WithoutSignature(header, claims);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key ?? signingKey), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>header.payload with no signature part after the final dot (alg "none").</summary>
    public static string WithoutSignature(JsonNode header, JsonNode claims) =>
        Encode(header.ToJsonString()) + "." + Encode(claims.ToJsonString());

    public static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
