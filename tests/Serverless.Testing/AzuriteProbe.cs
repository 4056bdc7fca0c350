using System.Net.Sockets;

namespace Serverless.Testing;

/// <summary>Tells whether an Azurite instance is listening on all three of its ports.</summary>
public static class AzuriteProbe
{
    public static async Task<bool> IsListeningAsync(AzuriteEndpoints endpoints, CancellationToken cancellationToken = default)
    {
        foreach (var port in new[] { endpoints.BlobPort, endpoints.QueuePort, endpoints.TablePort })
        {
            using var client = new TcpClient();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await client.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }
}
