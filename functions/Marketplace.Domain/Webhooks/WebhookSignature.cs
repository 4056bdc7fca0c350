using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Domain.Webhooks;

/// <summary>
/// HMAC-SHA256 webhook signatures, used both for webhooks we receive and for those we send.
/// Header format: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}"&gt;</c>; the timestamp is inside
/// the signed bytes, so an old delivery cannot be replayed with a fresh timestamp.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Marketplace-Signature";

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Create(ReadOnlySpan<byte> body, string secret, DateTimeOffset timestamp)
    {
        var unix = timestamp.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={unix},v1={Convert.ToHexStringLower(Compute(body, secret, unix))}");
    }

    public static SignatureCheck Verify(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }

        long? unix = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return SignatureCheck.Malformed;
            }

            var (key, value) = (part[..separator], part[(separator + 1)..]);
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                unix = parsed;
            }
            else if (key == "v1" && value.Length == 64 && TryFromHex(value, out var bytes))
            {
                signatures.Add(bytes);
            }
        }

        if (unix is null || signatures.Count == 0)
        {
            return SignatureCheck.Malformed;
        }

        // Compare before judging the age: a stale but genuine delivery is told apart from a forged one.
        var expected = Compute(body, secret, unix.Value);
        if (!signatures.Exists(signature => CryptographicOperations.FixedTimeEquals(signature, expected)))
        {
            return SignatureCheck.Mismatch;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(unix.Value);
        return age.Duration() > tolerance ? SignatureCheck.Stale : SignatureCheck.Valid;
    }

    private static byte[] Compute(ReadOnlySpan<byte> body, string secret, long unix)
    {
        var prefix = Encoding.UTF8.GetBytes(unix.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryFromHex(string value, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(value);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}

/// <summary>The outcome of checking a webhook signature.</summary>
public enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,
    Stale,
}
