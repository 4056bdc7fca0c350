namespace Serverless.Testing;

/// <summary>Azurite's three services behind <see cref="TcpProxy"/>s, to take storage away from an app and give it back.</summary>
public sealed class StorageOutageProxy : IAsyncDisposable
{
    private readonly TcpProxy _blob;
    private readonly TcpProxy _queue;
    private readonly TcpProxy _table;

    public StorageOutageProxy(AzuriteEndpoints target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _blob = TcpProxy.Start(target.BlobPort);
        _queue = TcpProxy.Start(target.QueuePort);
        _table = TcpProxy.Start(target.TablePort);
        Endpoints = new AzuriteEndpoints(_blob.Port, _queue.Port, _table.Port);
    }

    /// <summary>The proxied endpoints: give the app <c>Endpoints.ConnectionString</c>.</summary>
    public AzuriteEndpoints Endpoints { get; }

    public void StartOutage()
    {
        _blob.Refuse();
        _queue.Refuse();
        _table.Refuse();
    }

    public void EndOutage()
    {
        _blob.Resume();
        _queue.Resume();
        _table.Resume();
    }

    public async ValueTask DisposeAsync()
    {
        await _blob.DisposeAsync().ConfigureAwait(false);
        await _queue.DisposeAsync().ConfigureAwait(false);
        await _table.DisposeAsync().ConfigureAwait(false);
    }
}
