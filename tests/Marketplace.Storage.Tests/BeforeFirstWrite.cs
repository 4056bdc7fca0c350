using Azure.Core;
using Azure.Core.Pipeline;

namespace Marketplace.Storage.Tests;

/// <summary>
/// Lets another writer commit in the window between a store's read and its write, every time: a pipeline policy
/// that, before the first write request (anything but GET) after <see cref="Arm"/>, awaits the armed action once.
/// A race that loses an update then loses it deterministically, instead of once in many runs.
/// </summary>
internal sealed class BeforeFirstWrite : HttpPipelinePolicy
{
    private Func<Task>? _action;

    /// <summary>Whether the armed action has run.</summary>
    public bool Fired { get; private set; }

    public void Arm(Func<Task> action)
    {
        _action = action;
        Fired = false;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Method != RequestMethod.Get && Interlocked.Exchange(ref _action, null) is { } action)
        {
            await action().ConfigureAwait(false);
            Fired = true;
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The stores call storage asynchronously only.");
}
