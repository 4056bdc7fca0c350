using System.Net;
using System.Net.Sockets;

namespace Marketplace.Functions.Outbound;

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host itself, refuses the connection unless
/// <see cref="WebhookDestinationPolicy"/> allows every address, and then connects to one of those vetted addresses, so
/// a name that resolved to a public address when the URL was saved and to an internal one now (DNS rebinding) reaches
/// nothing. The handler must not use a proxy: the proxy would resolve the name instead.
/// </summary>
internal sealed class VettedConnector(WebhookDestinationPolicy policy, ILogger<VettedConnector> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.DnsEndPoint;
        // Connections are pooled per scheme, host and port, so the first request's scheme is every request's.
        var plainHttp = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp;
        var (addresses, refusal) = await policy.ResolveAsync(target.Host, plainHttp, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            OutboundLog.ConnectionRefused(logger, target.Host, target.Port);
            throw new WebhookDestinationRefusedException(refusal);
        }

        SocketException? lastFailure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastFailure = ex; // try the host's next address, as the default connector does
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure!;
    }
}
