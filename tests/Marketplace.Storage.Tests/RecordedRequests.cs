using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Marketplace.Storage.Tests;

/// <summary>Records the method and address of every request a client sends (what kind of storage call each was).</summary>
internal sealed class RecordedRequests : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<(RequestMethod Method, Uri Uri)> _requests = new();

    public IReadOnlyList<(RequestMethod Method, Uri Uri)> All => [.. _requests];

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _requests.Enqueue((message.Request.Method, message.Request.Uri.ToUri()));
    }
}
