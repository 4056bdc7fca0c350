using System.Net;
using System.Net.Sockets;

namespace Marketplace.Functions.Outbound;

/// <summary>
/// Where the app may send an HTTP request to a URL a user gave it (a seller's reminder webhook), so that the URL
/// cannot make our servers call themselves, their network or the cloud's metadata endpoint (server-side request
/// forgery). A URL must be https, without user name or password, on port 443 or 1024-65535, at most
/// <see cref="MaxUrlLength"/> characters, and its host must resolve only to public addresses
/// (<see cref="AddressClassifier"/>). Checked when a URL is saved (<see cref="CheckAsync"/>) and again at every
/// connection (<see cref="VettedConnector"/>), because what a name resolves to can change in between.
/// For local development, <c>allowLoopback</c> also admits loopback addresses, and plain http to them only.
/// </summary>
public sealed class WebhookDestinationPolicy(bool allowLoopback, IHostResolver resolver)
{
    /// <summary>The longest URL accepted (as stored, percent-encoded).</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>How long resolving a host name may take before the URL is refused.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Whether loopback addresses (and plain http to them) are allowed: local development only.</summary>
    public bool AllowLoopback => allowLoopback;

    /// <summary>
    /// The rules that need no DNS: scheme, credentials, port, length. Null when <paramref name="url"/> passes, else a
    /// sentence saying what to change.
    /// </summary>
    public string? CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "Give an absolute https URL.";
        }

        if (url.AbsoluteUri.Length > MaxUrlLength)
        {
            return $"The URL is longer than {MaxUrlLength} characters; use a shorter one.";
        }

        var plainHttp = url.Scheme == Uri.UriSchemeHttp;
        if (url.Scheme != Uri.UriSchemeHttps && !(plainHttp && allowLoopback))
        {
            return "Use an https URL: webhooks are sent over TLS only.";
        }

        if (url.UserInfo.Length > 0)
        {
            return "Remove the user name and password from the URL: each webhook is authenticated by its HMAC-SHA256 signature "
                + "(X-Marketplace-Signature, with the secret you set here) instead.";
        }

        if (!plainHttp && url.Port != 443 && url.Port < 1024)
        {
            return "Use port 443 (the https default) or a port from 1024 to 65535.";
        }

        return null;
    }

    /// <summary>
    /// Whether every address is one we may connect to: public (over https), or loopback when allowed. Null when they
    /// all pass, else a sentence. A host with one bad address is refused outright: which one a connection uses is not ours to choose.
    /// </summary>
    public string? CheckAddresses(IReadOnlyCollection<IPAddress> addresses, bool plainHttp)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var ranges = addresses.Select(AddressClassifier.Classify).ToList();
        foreach (var range in ranges)
        {
            if (range != AddressRange.Public && !(range == AddressRange.Loopback && allowLoopback))
            {
                return $"The URL's host is not a public address (it is {Describe(range)}); webhooks go only to public internet addresses.";
            }
        }

        return plainHttp && ranges.Contains(AddressRange.Public)
            ? "Use an https URL: plain http is accepted only for loopback addresses, in local development."
            : null;
    }

    /// <summary>
    /// Resolves <paramref name="host"/> (an IP address in any of its spellings, or a name) and checks every address.
    /// Returns the addresses, or a refusal when it cannot be resolved or an address is not allowed.
    /// </summary>
    public async Task<(IPAddress[] Addresses, string? Refusal)> ResolveAsync(string host, bool plainHttp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(bare, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await resolver.ResolveAsync(bare, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ArgumentException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                addresses = [];
            }
        }

        return addresses.Length == 0
            ? ([], $"The host '{bare}' could not be resolved; check the URL, or try again once its DNS records are published.")
            : (addresses, CheckAddresses(addresses, plainHttp));
    }

    /// <summary>The save-time check: <see cref="CheckUrl"/>, then the addresses the host resolves to now. Null when allowed.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return CheckUrl(url) ?? (await ResolveAsync(url.IdnHost, url.Scheme == Uri.UriSchemeHttp, cancellationToken).ConfigureAwait(false)).Refusal;
    }

    private static string Describe(AddressRange range) => range switch
    {
        AddressRange.Unspecified => "an unspecified address, which means this machine",
        AddressRange.Loopback => "a loopback address, this machine",
        AddressRange.Private => "a private network address",
        AddressRange.SharedAddressSpace => "a carrier-grade NAT address",
        AddressRange.LinkLocal => "a link-local address",
        AddressRange.UniqueLocal => "a unique local IPv6 address",
        AddressRange.Multicast => "a multicast address",
        AddressRange.Broadcast => "the broadcast address",
        _ => "a reserved address",
    };
}
