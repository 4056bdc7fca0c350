using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Domain.Refunds;

/// <summary>
/// The signature of a refund's callback URL: HMAC-SHA256, with a key of its own, over the refund, the action, the approval
/// step and the expiry, so a URL works for that one refund, action and step, until it expires. Carried as
/// <c>?step=&amp;expires=&amp;sig=</c> (expiry in Unix seconds, signature base64url).
/// </summary>
public static class RefundCallbackSignature
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public static string Create(byte[] key, string refundId, string action, int step, long expiresUnix) =>
        Base64Url(HMACSHA256.HashData(key, Payload(refundId, action, step, expiresUnix)));

    /// <summary>
    /// Judges a call: tampered (the signature fits no action of this refund, step and expiry), wrong action (it fits the
    /// other action), expired (genuine but too late), or valid. The signature is checked before the expiry, so a changed
    /// expiry is tampering, not lateness.
    /// </summary>
    public static CallbackCheck Check(byte[] key, string refundId, string action, int step, long expiresUnix, string? signature, DateTimeOffset now)
    {
        if (!Matches(key, refundId, action, step, expiresUnix, signature))
        {
            var other = action == Approve ? Reject : Approve;
            return Matches(key, refundId, other, step, expiresUnix, signature) ? CallbackCheck.WrongAction : CallbackCheck.Tampered;
        }

        return now.ToUnixTimeSeconds() >= expiresUnix ? CallbackCheck.Expired : CallbackCheck.Valid;
    }

    private static bool Matches(byte[] key, string refundId, string action, int step, long expiresUnix, string? signature)
    {
        if (signature is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Create(key, refundId, action, step, expiresUnix));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private static byte[] Payload(string refundId, string action, int step, long expiresUnix) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"refund-callback\n{refundId}\n{action}\n{step}\n{expiresUnix}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>What a callback URL's signature and expiry say about a call.</summary>
public enum CallbackCheck
{
    Valid,
    Tampered,
    WrongAction,
    Expired,
}
