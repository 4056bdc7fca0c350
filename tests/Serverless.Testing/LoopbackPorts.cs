using System.Net;
using System.Net.Sockets;

namespace Serverless.Testing;

/// <summary>Free TCP ports on the loopback interface, for processes a test starts.</summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
