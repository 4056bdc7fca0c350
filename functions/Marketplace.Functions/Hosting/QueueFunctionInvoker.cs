using Marketplace.Functions.Configuration;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// What every queue function does around its handler, in Azure and self-hosted alike: logs the outcome by message id, and
/// on a failure of the last allowed delivery (DequeueCount ≥ Hosting:MaxDequeueCount, which matches host.json's
/// maxDequeueCount) records why in the poison-reason table before the failure is rethrown, so the host (or the self-host's
/// poller) moves the message to "{queue}-poison" and an admin can read the reason.
/// </summary>
public sealed class QueueFunctionInvoker(
    StorageNames names,
    PoisonReasonStore poisonReasons,
    IOptions<HostingOptions> options,
    TimeProvider time,
    ILogger<QueueFunctionInvoker> logger)
{
    /// <param name="queueName">The queue as the trigger names it (without the app's prefix).</param>
    public async Task RunAsync(
        string functionName, string queueName, QueueInvocation invocation, Func<CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            await handler(cancellationToken).ConfigureAwait(false);
            HostingLog.InvocationSucceeded(logger, functionName, invocation.MessageId, invocation.DequeueCount);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var max = options.Value.MaxDequeueCount;
            HostingLog.InvocationFailed(logger, ex, functionName, invocation.MessageId, invocation.DequeueCount, max, ex.GetType().Name);
            if (invocation.DequeueCount >= max)
            {
                await RecordReasonAsync(functionName, names.Queue(queueName), invocation, ex, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Records why a message is being given up on, without failing the caller if storage refuses.</summary>
    internal async Task RecordReasonAsync(string functionName, string queueName, QueueInvocation invocation, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await poisonReasons.RecordAsync(
                PoisonReasonStore.FromException(queueName, functionName, invocation, error, time.GetUtcNow()), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or IOException or HttpRequestException)
        {
            HostingLog.PoisonReasonNotRecorded(logger, ex, invocation.MessageId, queueName);
        }
    }
}
