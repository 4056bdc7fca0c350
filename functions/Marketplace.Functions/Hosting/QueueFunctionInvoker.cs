using Marketplace.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Runs one delivery of a queue message through its function: the one code path both invocation styles use
/// (the custom-handler route and the self-hosted poller). A failure on the last allowed delivery
/// (DequeueCount ≥ Hosting:MaxDequeueCount) records the reason in the poison-reason table.
/// </summary>
public sealed class QueueFunctionInvoker(
    IServiceScopeFactory scopes,
    PoisonReasonStore poisonReasons,
    IOptions<HostingOptions> options,
    TimeProvider time,
    ILogger<QueueFunctionInvoker> logger)
{
    public async Task<QueueInvocationOutcome> InvokeAsync(string functionName, QueueInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var function = scope.ServiceProvider.GetServices<IQueueFunction>()
                .FirstOrDefault(f => string.Equals(f.Name, functionName, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"No queue function is named '{functionName}'.");
            try
            {
                await function.HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
                Log.InvocationSucceeded(logger, function.Name, invocation.MessageId, invocation.DequeueCount);
                return QueueInvocationOutcome.Succeeded;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A handler's failure, whatever it is, is the outcome we report (and retry), not a crash.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var max = options.Value.MaxDequeueCount;
                Log.InvocationFailed(logger, ex, function.Name, invocation.MessageId, invocation.DequeueCount, max, ex.GetType().Name);
                if (invocation.DequeueCount >= max)
                {
                    await RecordReasonAsync(function.Name, function.QueueName, invocation, ex, cancellationToken).ConfigureAwait(false);
                }

                return new QueueInvocationOutcome(ex);
            }
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
            Log.PoisonReasonNotRecorded(logger, ex, invocation.MessageId, queueName);
        }
    }
}
