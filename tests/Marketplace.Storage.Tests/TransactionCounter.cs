using Azure.Core;
using Azure.Core.Pipeline;

namespace Marketplace.Storage.Tests;

/// <summary>Counts the entity-group transactions (<c>$batch</c> requests) a table client sends, and all its requests.</summary>
internal sealed class TransactionCounter : HttpPipelineSynchronousPolicy
{
    private int _count;
    private int _requests;

    public int Count => Volatile.Read(ref _count);

    public int Requests => Volatile.Read(ref _requests);

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _requests);
        if (message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
