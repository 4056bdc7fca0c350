using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Marketplace.DurableHosting.Management;

/// <summary>
/// The query API's continuation tokens: the engine's own token, signed with the system key. The engine takes any string
/// as a position to read from, so a token we did not issue is refused (400) rather than read as a position.
/// </summary>
internal static class ContinuationTokens
{
    public static string Protect(string engineToken, string key) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(engineToken)) + "." + Signature(engineToken, key);

    public static bool TryUnprotect(string token, string key, out string engineToken)
    {
        engineToken = "";
        var dot = token.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        try
        {
            engineToken = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token[..dot]));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(engineToken, key)), Encoding.ASCII.GetBytes(token[(dot + 1)..]));
    }

    private static string Signature(string engineToken, string key) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes("continuation:" + engineToken)));
}
