using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// A storage pipeline policy that, once <see cref="Sever"/> is called, fails every request to one queue before it
/// leaves the process (until <see cref="Restore"/>): from the storage service's side, the app that holds the queue's
/// messages has died, or from the app's side, the queue is unreachable.
/// </summary>
internal sealed class SeveredQueueLink(string queueName) : HttpPipelinePolicy
{
    private volatile bool _severed;

    public void Sever() => _severed = true;

    public void Restore() => _severed = false;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfSevered(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfSevered(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void ThrowIfSevered(HttpMessage message)
    {
        if (_severed && message.Request.Uri.Path.Contains($"/{queueName}/", StringComparison.Ordinal))
        {
            throw new RequestFailedException($"Test: the link to queue {queueName} is severed.");
        }
    }
}
