using System.Net;

namespace Marketplace.Functions.Outbound;

/// <summary>Resolves a host name to its addresses (DNS in the app; a table in tests).</summary>
public interface IHostResolver
{
    /// <summary>The addresses of <paramref name="host"/>; throws <see cref="System.Net.Sockets.SocketException"/> when it has none.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system's resolver (getaddrinfo), as a connection would use it.</summary>
internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
