using System.Net;
using System.Net.Sockets;

namespace Serverless.Testing;

/// <summary>
/// Forwards a loopback port to another, and can play an outage: <see cref="Refuse"/> resets every open connection and
/// refuses new ones until <see cref="Resume"/>. Unlike stopping Azurite, nothing stored is lost (Azurite writes its
/// database to disk every few seconds, so a killed one forgets its last writes).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _disposed = new();
    private TcpListener? _listener;

    private TcpProxy(int targetPort, int port)
    {
        _targetPort = targetPort;
        Port = port;
    }

    public int Port { get; }

    public static TcpProxy Start(int targetPort)
    {
        var proxy = new TcpProxy(targetPort, LoopbackPorts.Free());
        proxy.Resume();
        return proxy;
    }

    /// <summary>Starts accepting connections again, on the same port.</summary>
    public void Resume()
    {
        lock (_open)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener);
        }
    }

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public void Refuse()
    {
        lock (_open)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST, as a crashed server's kernel would send
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        Refuse();
        _disposed.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_disposed.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(_disposed.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return; // refused or disposed
            }

            _ = PipeAsync(inbound);
        }
    }

    private async Task PipeAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_open)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _disposed.Token).ConfigureAwait(false);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _disposed.Token), b.CopyToAsync(a, _disposed.Token)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The proxy refused, or one side closed: the other side sees the connection end.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }
}
