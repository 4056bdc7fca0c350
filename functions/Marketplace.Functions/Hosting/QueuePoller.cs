using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Marketplace.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Self-hosted mode: does what the Functions host does for each queue function. Polls the queue (creating
/// it if missing) in batches, runs each message through <see cref="QueueFunctionInvoker"/> (the same code
/// path as the custom-handler route), deletes it on success, leaves it for a retry with a growing delay on
/// failure, and after Hosting:MaxDequeueCount deliveries moves it to "{queue}-poison". On shutdown it stops
/// receiving and lets the handlers in flight finish (or give up when cancelled; their messages reappear).
/// </summary>
internal sealed class QueuePoller(
    FunctionRegistry registry,
    QueueServiceClient queues,
    QueueFunctionInvoker invoker,
    IOptions<HostingOptions> options,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<QueuePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.EffectiveMode(configuration[HostingOptions.CustomHandlerPortVariable]) != HostingMode.SelfHosted)
        {
            Log.NotPolling(logger);
            return;
        }

        await Task.WhenAll(registry.Queue.Where(f => f.SelfHostedPolling).Select(f => PollAsync(f, settings, stoppingToken))).ConfigureAwait(false);
    }

    private async Task PollAsync(QueueFunctionDefinition function, HostingOptions settings, CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(function.QueueName);
        var poison = queues.GetQueueClient(function.PoisonQueueName);
        var created = false;
        var errorDelay = settings.PollInterval;
        Log.PollingStarted(logger, function.QueueName, function.Name, settings.BatchSize, settings.Concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!created)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    created = true;
                }

                QueueMessage[] batch = await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, stoppingToken)
                    .ConfigureAwait(false);
                errorDelay = settings.PollInterval;
                if (batch.Length == 0)
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // Messages already received are finished even during shutdown (CancellationToken.None here);
                // the handlers themselves see the stopping token and may give up early.
                await Parallel.ForEachAsync(
                        batch,
                        new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = CancellationToken.None },
                        (message, _) => new ValueTask(ProcessAsync(function, queue, poison, message, settings, stoppingToken)))
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The poll loop must outlive any failure (storage down, a bug in one message); it logs and backs off.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.PollFailed(logger, ex, function.QueueName, errorDelay);
                await DelayQuietlyAsync(errorDelay, stoppingToken).ConfigureAwait(false);
                errorDelay = TimeSpan.FromTicks(Math.Min(errorDelay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task ProcessAsync(
        QueueFunctionDefinition function, QueueClient queue, QueueClient poison, QueueMessage message, HostingOptions settings,
        CancellationToken stoppingToken)
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
                await MoveToPoisonAsync(function, queue, poison, message).ConfigureAwait(false);
                return;
            }

            QueueInvocationOutcome outcome;
            try
            {
                outcome = await invoker.InvokeAsync(function.Name, invocation, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand the message back at once for the next instance.
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None)
                    .ConfigureAwait(false);
                return;
            }

            if (outcome.IsSuccess)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(function, queue, poison, message).ConfigureAwait(false);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryDelay(settings, message.DequeueCount),
                    cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex)
        {
            // Most often 404: the pop receipt expired because the handler outlived Hosting:VisibilityTimeout.
            Log.SettleFailed(logger, ex, message.MessageId, function.QueueName);
        }
    }

    private async Task MoveToPoisonAsync(QueueFunctionDefinition function, QueueClient queue, QueueClient poison, QueueMessage message)
    {
        // The same bytes, as the host does; a new message (new id, dequeue count 0) in the poison queue.
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        Log.MovedToPoison(logger, message.MessageId, function.QueueName, function.PoisonQueueName, message.DequeueCount);
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
