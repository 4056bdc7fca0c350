using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;

namespace Serverless.DurableTask.AzureStorage.Instances;

/// <summary>An instance's partition as read: state row and ETag, the current execution's history, and unsent outbox rows.</summary>
internal sealed record InstanceSnapshot(
    OrchestrationState? State,
    string? ETag,
    IReadOnlyList<HistoryEvent> History,
    int Chunks,
    IReadOnlyList<OutboxRow> Outbox)
{
    public static InstanceSnapshot Empty { get; } = new(null, null, [], 0, []);
}

/// <summary>One committed, not yet cleared outbox row.</summary>
internal sealed record OutboxRow(string RowKey, IReadOnlyList<OrchestrationMessage> Messages);
