using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.SelfHost;

/// <summary>
/// Does what the Functions host does for each queue function. Polls the queue (creating it if missing) in batches,
/// calls the function method with the message (and its id, dequeueCount and insertionTime as binding data) in a service
/// scope of its own, deletes it on success, leaves it for a retry with a growing delay on
/// failure, and after Hosting:MaxDequeueCount deliveries moves it to "{queue}-poison". Received messages are
/// held for a short Hosting:VisibilityTimeout that is renewed while they wait and run (<see cref="QueueMessageLease"/>),
/// so a crashed instance's messages come back soon. On shutdown it stops receiving and lets the handlers in
/// flight finish (or give up when cancelled; their messages are handed back at once). A function disabled the way the
/// Functions host disables one (the app setting <c>AzureWebJobs.{Name}.Disabled</c> = true) is not polled: its messages
/// wait in the queue until it is enabled again.
/// </summary>
internal sealed class QueuePoller(
    FunctionRegistry registry,
    QueueServiceClient queues,
    QueueFunctionInvoker invoker,
    IServiceScopeFactory scopes,
    IOptions<HostingOptions> options,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<QueuePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var enabled = new List<QueueFunctionDefinition>();
        foreach (var function in registry.Queue)
        {
            if (configuration.GetValue<bool>($"AzureWebJobs.{function.Name}.Disabled"))
            {
                HostingLog.FunctionDisabled(logger, function.Name, function.QueueName);
            }
            else
            {
                enabled.Add(function);
            }
        }

        await Task.WhenAll(enabled.Select(f => PollAsync(f, FunctionMethodInvoker.For(f.Method), settings, stoppingToken))).ConfigureAwait(false);
    }

    private async Task PollAsync(QueueFunctionDefinition function, FunctionMethodInvoker method, HostingOptions settings, CancellationToken stoppingToken)
    {
        QueueClient? queue = null;
        QueueClient? poison = null;
        var errorDelay = settings.PollInterval;
        HostingLog.PollingStarted(logger, function.QueueName, function.Name, settings.BatchSize, settings.Concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (queue is null || poison is null)
                {
                    var source = queues.GetQueueClient(function.QueueName);
                    var deadLetters = queues.GetQueueClient(function.PoisonQueueName);
                    await source.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    await deadLetters.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    (queue, poison) = (source, deadLetters);
                }

                var receivedAt = time.GetTimestamp();
                QueueMessage[] batch = await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, stoppingToken)
                    .ConfigureAwait(false);
                errorDelay = settings.PollInterval;
                if (batch.Length == 0)
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // Renewed from now on, also while waiting for a free handler slot (the batch may exceed the concurrency).
                var leases = batch.Select(m => (Message: m, Lease: QueueMessageLease.Start(queue, m, settings.VisibilityTimeout, receivedAt, time, logger))).ToArray();

                try
                {
                    // Messages already received are finished even during shutdown (CancellationToken.None here);
                    // the handlers themselves see the stopping token and may give up early.
                    await Parallel.ForEachAsync(
                            leases,
                            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = CancellationToken.None },
                            (leased, _) => new ValueTask(ProcessAsync(function, method, queue, poison, leased.Message, leased.Lease, settings, stoppingToken)))
                        .ConfigureAwait(false);
                }
                finally
                {
                    // A failure stops the batch early: the messages it never reached are no longer renewed, and come back.
                    foreach (var (_, lease) in leases)
                    {
                        await lease.StopAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The poll loop must outlive any failure (storage down, a bug in one message); it logs and backs off.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                HostingLog.PollFailed(logger, ex, function.QueueName, errorDelay);
                await DelayQuietlyAsync(errorDelay, stoppingToken).ConfigureAwait(false);
                errorDelay = TimeSpan.FromTicks(Math.Min(errorDelay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task ProcessAsync(
        QueueFunctionDefinition function, FunctionMethodInvoker method, QueueClient queue, QueueClient poison, QueueMessage message, QueueMessageLease lease,
        HostingOptions settings, CancellationToken stoppingToken)
    {
        var invocation = new QueueInvocation(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn);
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                // Delivered too often without being settled (the process died mid-handler, or settling failed).
                await invoker.RecordReasonAsync(function.Name, function.QueueName, invocation, new InvalidOperationException(
                    $"Delivered {message.DequeueCount} times without completing; the handler may have crashed or timed out."), stoppingToken)
                    .ConfigureAwait(false);
                await MoveToPoisonAsync(function, queue, poison, message, await lease.StopAsync().ConfigureAwait(false)).ConfigureAwait(false);
                return;
            }

            bool succeeded;
            try
            {
                succeeded = await InvokeAsync(method, invocation, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand the message back at once for the next instance.
                await queue.UpdateMessageAsync(message.MessageId, await lease.StopAsync().ConfigureAwait(false), visibilityTimeout: TimeSpan.Zero,
                    cancellationToken: CancellationToken.None).ConfigureAwait(false);
                return;
            }

            // Settled with the receipt of the last renewal: each renewal replaced the one the message was received with.
            var popReceipt = await lease.StopAsync().ConfigureAwait(false);
            if (succeeded)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(function, queue, poison, message, popReceipt).ConfigureAwait(false);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: RetryDelay(settings, message.DequeueCount),
                    cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex)
        {
            // Most often 404 or 400: the message was received again after a renewal failed (storage unreachable for
            // a whole VisibilityTimeout), so our pop receipt no longer matches.
            HostingLog.SettleFailed(logger, ex, message.MessageId, function.QueueName);
        }
        finally
        {
            // Stops the renewals if settling never got there (an exception); a no-op otherwise.
            await lease.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs the function on one delivery; false if it failed (it logged why, and recorded it on the last delivery).</summary>
    private async Task<bool> InvokeAsync(FunctionMethodInvoker method, QueueInvocation invocation, CancellationToken stoppingToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                var bindingData = new Dictionary<string, object?>
                {
                    ["id"] = invocation.MessageId,
                    ["dequeueCount"] = invocation.DequeueCount,
                    ["insertionTime"] = invocation.InsertedOn,
                };
                await method.InvokeAsync(scope.ServiceProvider, invocation.MessageText, bindingData, stoppingToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A function's failure, whatever it is, is an outcome (retry, then poison), not a crash of the poller.
            catch (Exception)
#pragma warning restore CA1031
            {
                return false;
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueFunctionDefinition function, QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt)
    {
        // The same bytes, as the host does; a new message (new id, dequeue count 0) in the poison queue.
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);
        HostingLog.MovedToPoison(logger, message.MessageId, function.QueueName, function.PoisonQueueName, message.DequeueCount);
    }

    /// <summary>RetryDelay after the first failure, doubled after each further one, capped at MaxRetryDelay.</summary>
    internal static TimeSpan RetryDelay(HostingOptions settings, long dequeueCount)
    {
        var factor = Math.Pow(2, Math.Clamp(dequeueCount - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.RetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
        return TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
