using System.Net;
using System.Net.Sockets;
using Marketplace.Functions.Outbound;

namespace Marketplace.Functions.Tests.Outbound;

/// <summary>A resolver that answers from a table (tests have no DNS): a name not in it does not resolve.</summary>
internal sealed class TableHostResolver(IReadOnlyDictionary<string, string[]> table) : IHostResolver
{
    /// <summary>Names the tests use: a seller's public host, and hosts that resolve, or partly resolve, inside our network.</summary>
    public static TableHostResolver Sellers { get; } = new(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["hooks.seller.example"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
        ["internal.seller.example"] = ["10.0.0.7"],
        ["metadata.seller.example"] = ["169.254.169.254"],
        ["mixed.seller.example"] = ["93.184.216.34", "192.168.0.10"],
        ["mapped.seller.example"] = ["::ffff:127.0.0.1"],
        ["localhost"] = ["127.0.0.1", "::1"],
    });

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        table.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses.Select(IPAddress.Parse).ToArray())
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}
