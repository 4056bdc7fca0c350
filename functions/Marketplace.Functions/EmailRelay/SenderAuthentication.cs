using MimeKit;
using MimeKit.Cryptography;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// Reads the SPF, DKIM and DMARC verdicts a receiving server or email provider recorded in <c>Authentication-Results</c>
/// (RFC 8601). Only failures count: a forged "pass" gains nothing, since without one the sender is still checked against the
/// party's registered addresses, while a "fail" means the From address is likely not the sender's.
/// </summary>
internal static class SenderAuthentication
{
    /// <summary>The failed check (spf, dkim or dmarc), or null when none failed (or none were recorded).</summary>
    public static string? FailedCheck(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var results = new List<(string Method, string Result)>();
        foreach (var header in message.Headers.Where(h => h.Id == HeaderId.AuthenticationResults))
        {
            if (AuthenticationResults.TryParse(header.RawValue, out var parsed))
            {
                results.AddRange(parsed.Results.Select(r => (r.Method.ToLowerInvariant(), r.Result.ToLowerInvariant())));
            }
        }

        if (results.Any(r => r is ("dmarc", "fail")))
        {
            return "DMARC";
        }

        if (results.Any(r => r is ("spf", "fail")))
        {
            return "SPF";
        }

        // One good signature is enough: mailing lists and forwarders often add a second that breaks.
        return results.Any(r => r is ("dkim", "fail")) && !results.Any(r => r is ("dkim", "pass")) ? "DKIM" : null;
    }
}
