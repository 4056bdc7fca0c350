using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Worker;

/// <summary>Processes orchestration and activity work: pulled from the backend (self-hosted loops) or handed over one message at a time (Functions custom handler).</summary>
public sealed class DurableTaskWorker
{
    private readonly IOrchestrationBackend _backend;
    private readonly DurableTaskRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly DataConverter _converter;
    private readonly DurableTaskOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrchestrationStepRunner _runner;

    public DurableTaskWorker(
        IOrchestrationBackend backend,
        DurableTaskRegistry registry,
        IServiceProvider services,
        DataConverter converter,
        IOptions<DurableTaskOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _backend = backend;
        _registry = registry;
        _services = services;
        _converter = converter;
        _options = options.Value;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<DurableTaskWorker>();
        _runner = new OrchestrationStepRunner(registry, services, converter, loggerFactory);
    }

    /// <summary>Locks and processes one orchestration work item; false if none arrived within <paramref name="receiveTimeout"/>.</summary>
    public async Task<bool> ProcessNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        OrchestrationWorkItem? workItem = await _backend.LockNextOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is null)
        {
            return false;
        }

        await ProcessOrchestrationWorkItemAsync(workItem, hostOwned: false, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Locks and runs one activity; false if none arrived within <paramref name="receiveTimeout"/>.</summary>
    public async Task<bool> ProcessNextActivityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        ActivityWorkItem? workItem = await _backend.LockNextActivityWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is null)
        {
            return false;
        }

        await ProcessActivityWorkItemAsync(workItem, hostOwned: false, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Processes one queue message received by the Functions host (custom-handler style). Returns normally when the
    /// message is done (processed, dropped as a duplicate, or dead-lettered) so the host deletes it; throws when it
    /// should be retried (the host redelivers it with a higher dequeue count).
    /// </summary>
    public async Task ProcessMessageAsync(string queueName, string messageText, string messageId, long dequeueCount, CancellationToken cancellationToken)
    {
        OrchestrationMessage? message = await _backend.AcceptExternalMessageAsync(queueName, messageText, messageId, dequeueCount, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return;
        }

        if (message.IsActivityMessage)
        {
            await ProcessActivityWorkItemAsync(new ActivityWorkItem { Message = message }, hostOwned: true, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            OrchestrationWorkItem workItem = await _backend.LoadOrchestrationWorkItemAsync(message, cancellationToken).ConfigureAwait(false);
            await ProcessOrchestrationWorkItemAsync(workItem, hostOwned: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProcessOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, bool hostOwned, CancellationToken cancellationToken)
    {
        int max = _options.MaxDeliveryCount;
        var poison = workItem.Messages.Where(m => m.DequeueCount > max).ToList();
        if (poison.Count > 0)
        {
            foreach (var message in poison)
            {
                await DeadLetterAsync(message, string.Create(CultureInfo.InvariantCulture,
                    $"Delivered {message.DequeueCount} times without being completed (MaxDeliveryCount {max}); the worker probably crashed or lost its lock each time."),
                    cancellationToken).ConfigureAwait(false);
            }

            workItem = workItem with { Messages = workItem.Messages.Where(m => m.DequeueCount <= max).ToList() };
        }

        OrchestrationCheckpoint checkpoint;
        try
        {
            checkpoint = workItem.Messages.Count == 0
                ? OrchestrationCheckpoint.Empty(workItem.State)
                : _runner.Run(workItem, _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailOrchestrationAsync(workItem, ex, hostOwned, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await _backend.CompleteOrchestrationWorkItemAsync(workItem, checkpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointConflictException)
        {
            Log.CheckpointConflict(_logger, workItem.InstanceId);
            await _backend.AbandonOrchestrationWorkItemAsync(workItem, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            if (hostOwned)
            {
                throw;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailOrchestrationAsync(workItem, ex, hostOwned, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FailOrchestrationAsync(OrchestrationWorkItem workItem, Exception error, bool hostOwned, CancellationToken cancellationToken)
    {
        long dequeueCount = workItem.Messages.Count == 0 ? 0 : workItem.Messages.Max(m => m.DequeueCount);
        Log.OrchestrationStepFailed(_logger, error, workItem.InstanceId, dequeueCount);
        var exhausted = workItem.Messages.Where(m => m.DequeueCount >= _options.MaxDeliveryCount).ToList();
        foreach (var message in exhausted)
        {
            await DeadLetterAsync(message, Reason(error), cancellationToken).ConfigureAwait(false);
        }

        var rest = workItem.Messages.Where(m => m.DequeueCount < _options.MaxDeliveryCount).ToList();
        await _backend.AbandonOrchestrationWorkItemAsync(workItem with { Messages = rest }, _options.AbandonRetryDelay, CancellationToken.None).ConfigureAwait(false);
        if (hostOwned && rest.Count > 0)
        {
            throw new InvalidOperationException($"Processing instance '{workItem.InstanceId}' failed; the message will be retried.", error);
        }
    }

    private async Task ProcessActivityWorkItemAsync(ActivityWorkItem workItem, bool hostOwned, CancellationToken cancellationToken)
    {
        OrchestrationMessage message = workItem.Message;
        TaskScheduledEvent scheduled = workItem.TaskScheduled;
        if (message.DequeueCount > _options.MaxDeliveryCount)
        {
            await DeadLetterAsync(message, string.Create(CultureInfo.InvariantCulture,
                $"Activity delivered {message.DequeueCount} times without being completed (MaxDeliveryCount {_options.MaxDeliveryCount})."),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            // An unknown activity is a delivery failure (e.g. a rolling deployment), not an activity failure: retry, then dead-letter.
            Type type = _registry.FindActivity(scheduled.Name)
                ?? throw new OrchestratorNotRegisteredException($"No activity named '{scheduled.Name}' is registered on this worker.");
            HistoryEvent response = await RunActivityAsync(type, message, scheduled, cancellationToken).ConfigureAwait(false);
            var responseMessage = new OrchestrationMessage
            {
                MessageId = MessageIds.ActivityResult(message.InstanceId, message.ExecutionId ?? string.Empty, scheduled.EventId),
                InstanceId = message.InstanceId,
                ExecutionId = message.ExecutionId,
                Event = response,
            };
            await _backend.CompleteActivityWorkItemAsync(workItem, responseMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ActivityDeliveryFailed(_logger, ex, scheduled.Name, message.InstanceId, message.DequeueCount);
            if (message.DequeueCount >= _options.MaxDeliveryCount)
            {
                await DeadLetterAsync(message, Reason(ex), cancellationToken).ConfigureAwait(false);
                return;
            }

            await _backend.AbandonActivityWorkItemAsync(workItem, _options.AbandonRetryDelay, CancellationToken.None).ConfigureAwait(false);
            if (hostOwned)
            {
                throw new InvalidOperationException($"Activity '{scheduled.Name}' could not be processed; the message will be retried.", ex);
            }
        }
    }

    private async Task<HistoryEvent> RunActivityAsync(Type type, OrchestrationMessage message, TaskScheduledEvent scheduled, CancellationToken cancellationToken)
    {
        AsyncServiceScope scope = _services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var activity = (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);
            string key = string.Create(CultureInfo.InvariantCulture, $"{message.InstanceId}:{message.ExecutionId}:{scheduled.EventId}");
            var context = new WorkerActivityContext(scheduled.Name, message.InstanceId, key, cancellationToken);
            try
            {
                object? input = _converter.Deserialize(scheduled.Input, activity.InputType);
                object? output = await activity.RunAsync(context, input).ConfigureAwait(false);
                return new TaskCompletedEvent(-1, _time.GetUtcNow(), scheduled.EventId, _converter.Serialize(output));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The activity's own failure is an outcome, delivered to the orchestrator as TaskFailedException.
                return new TaskFailedEvent(-1, _time.GetUtcNow(), scheduled.EventId, FailureDetails.FromException(ex));
            }
        }
    }

    private async Task DeadLetterAsync(OrchestrationMessage message, string reason, CancellationToken cancellationToken)
    {
        Log.DeadLettered(_logger, message.MessageId, message.InstanceId, reason);
        await _backend.DeadLetterAsync(message, reason, cancellationToken).ConfigureAwait(false);
    }

    private static string Reason(Exception error) => $"{error.GetType().FullName}: {error.Message}";
}
