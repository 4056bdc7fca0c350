using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Testing;

/// <summary>
/// Keeps a write in flight for as long as a test needs: a pipeline policy that, once armed, holds the first write request
/// (anything but GET) whose address matches, until <see cref="Release"/>. What a test does meanwhile happens while that
/// write is under way, every time, instead of only when the machine is fast enough.
/// </summary>
public sealed class HoldFirstWrite(Func<Uri, bool> matches) : HttpPipelinePolicy
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>Completes when a matching write is being held.</summary>
    public Task Held => _held.Task;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public void Release() => _released.TrySetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Method != RequestMethod.Get && matches(message.Request.Uri.ToUri())
            && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _held.TrySetResult();
            await _released.Task.ConfigureAwait(false);
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The stores call storage asynchronously only.");
}
