using Serverless.DurableTask.AzureStorage.Messaging;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Activity work items on the work-item queue.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    /// <inheritdoc/>
    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var next = await _activities.LockNextAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (next is not { } taken)
        {
            return null;
        }

        // The key is the queue message id: it is never handed out twice, so it can be unlocked at once.
        _activities.Release(taken.Key);
        return new ActivityWorkItem { Message = taken.Messages[^1] };
    }

    /// <inheritdoc/>
    public async Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, OrchestrationMessage responseMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        Fault(FaultStage.BeforeActivityResponse, workItem.Message.InstanceId);
        if (workItem.Message.Receipt is LocalReceipt)
        {
            // Dispatched from memory: the response goes back the same way; the scheduling step's outbox row stays until it is recorded.
            DispatchLocally(responseMessage);
            Fault(FaultStage.AfterActivityResponse, workItem.Message.InstanceId);
            return;
        }

        await _sender.SendAsync(responseMessage, cancellationToken).ConfigureAwait(false);
        Fault(FaultStage.AfterActivityResponse, workItem.Message.InstanceId);
        await DeleteMessageAsync(workItem.Message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        await ReleaseMessagesAsync([workItem.Message], retryDelay).ConfigureAwait(false);
        RedispatchLocal([workItem.Message], retryDelay);
    }

    /// <inheritdoc/>
    public async Task SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
