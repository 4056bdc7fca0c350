using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.DurableTask.AzureStorage.Storage;

/// <summary>Counts storage requests by kind (e.g. "queue DELETE", "table POST $batch") so benchmarks can report operations per event.</summary>
internal sealed class OperationCounter : HttpPipelineSynchronousPolicy
{
    private readonly string _service;

    public OperationCounter(string service) => _service = service;

    public static ConcurrentDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public override void OnSendingRequest(HttpMessage message)
    {
        string path = message.Request.Uri.Path;
        string kind = path.Contains("$batch", StringComparison.Ordinal) ? " batch"
            : path.EndsWith("/messages", StringComparison.Ordinal) ? " messages"
            : path.Contains("/messages/", StringComparison.Ordinal) ? " message"
            : string.Empty;
        Counts.AddOrUpdate($"{_service} {message.Request.Method}{kind}", 1, static (_, n) => n + 1);
    }
}
