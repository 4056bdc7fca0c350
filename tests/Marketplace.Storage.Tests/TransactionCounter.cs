using Azure.Core;
using Azure.Core.Pipeline;

namespace Marketplace.Storage.Tests;

/// <summary>Counts the entity-group transactions (<c>$batch</c> requests) a table client sends.</summary>
internal sealed class TransactionCounter : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
