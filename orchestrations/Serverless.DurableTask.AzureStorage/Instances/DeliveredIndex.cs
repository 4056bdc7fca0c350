using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.AzureStorage.Instances;

/// <summary>
/// Tells whether an outbox message of an instance has visibly taken effect in the instance's own history, so a
/// left-over outbox row need not re-send it: an activity whose completion is recorded, or a message to the instance
/// itself whose id is recorded (or which is addressed to a finished execution).
/// </summary>
internal sealed class DeliveredIndex
{
    private readonly string _executionId;
    private readonly HashSet<int> _completedTasks = [];
    private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);

    private DeliveredIndex(string executionId) => _executionId = executionId;

    public static DeliveredIndex Build(string executionId, IEnumerable<HistoryEvent> history)
    {
        var index = new DeliveredIndex(executionId);
        foreach (HistoryEvent e in history)
        {
            if (e.MessageId is { } id)
            {
                index._messageIds.Add(id);
            }

            switch (e)
            {
                case TaskCompletedEvent c:
                    index._completedTasks.Add(c.TaskScheduledId);
                    break;
                case TaskFailedEvent f:
                    index._completedTasks.Add(f.TaskScheduledId);
                    break;
                default:
                    break;
            }
        }

        return index;
    }

    public bool Contains(OrchestrationMessage message, string instanceId)
    {
        if (message.Event is TaskScheduledEvent scheduled)
        {
            return message.ExecutionId != _executionId || _completedTasks.Contains(scheduled.EventId);
        }

        if (!string.Equals(message.InstanceId, instanceId, StringComparison.Ordinal))
        {
            return false;
        }

        return _messageIds.Contains(message.MessageId) || (message.ExecutionId is not null && message.ExecutionId != _executionId && message.Event is not ExecutionStartedEvent);
    }
}
