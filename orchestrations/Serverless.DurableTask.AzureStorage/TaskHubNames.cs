using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>The names of a task hub's queues, tables and container, all derived from the task hub name.</summary>
public sealed partial class TaskHubNames
{
    public TaskHubNames(string taskHubName, int partitionCount)
    {
        if (!IsValidHubName(taskHubName))
        {
            throw new ArgumentException("A task hub name is 3–45 letters or digits starting with a letter.", nameof(taskHubName));
        }

        string lower = taskHubName.ToLowerInvariant();
        ControlQueues = Enumerable.Range(0, partitionCount)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{lower}-control-{i:D2}"))
            .ToList();
        WorkItemQueue = $"{lower}-workitems";
        HistoryTable = $"{taskHubName}History";
        DeadLetterTable = $"{taskHubName}DeadLetters";
        TimersTable = $"{taskHubName}Timers";
        OutboxIndexTable = $"{taskHubName}OutboxIndex";
        LargeMessageContainer = $"{lower}-largemessages";
    }

    /// <summary>Control queues <c>{hub}-control-00</c>.. in partition order.</summary>
    public IReadOnlyList<string> ControlQueues { get; }

    /// <summary>The activity queue <c>{hub}-workitems</c>.</summary>
    public string WorkItemQueue { get; }

    /// <summary>Every queue of the hub (control queues then the work-item queue): declare one queue-triggered function per name in custom-handler style.</summary>
    public IReadOnlyList<string> AllQueues => [.. ControlQueues, WorkItemQueue];

    /// <summary>The table holding each instance's state row, history chunks and outbox rows (one partition per instance).</summary>
    public string HistoryTable { get; }

    /// <summary>The dead-letter table.</summary>
    public string DeadLetterTable { get; }

    /// <summary>The table where far-off delayed messages wait (one partition per minute of due time).</summary>
    public string TimersTable { get; }

    /// <summary>The table listing, minute by minute, the instances that may hold outbox rows (where the outbox sweep looks).</summary>
    public string OutboxIndexTable { get; }

    /// <summary>The blob container for payloads above the size threshold.</summary>
    public string LargeMessageContainer { get; }

    internal static bool IsValidHubName(string? name) => name is not null && HubNamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}
