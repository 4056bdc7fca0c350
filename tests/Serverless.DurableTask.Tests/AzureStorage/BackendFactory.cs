using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>Builds backends on a fresh task hub in Azurite, and the small records contract tests send through them.</summary>
internal static class BackendFactory
{
    public static AzureStorageOrchestrationOptions Options(string connectionString, string? hub = null, Action<AzureStorageOrchestrationOptions>? configure = null)
    {
        var options = new AzureStorageOrchestrationOptions
        {
            ConnectionString = connectionString,
            TaskHubName = hub ?? AzuriteFixture.UniqueName("hub"),
            MaxPollingInterval = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(options);
        return options;
    }

    public static async Task<AzureStorageOrchestrationBackend> CreateAsync(AzureStorageOrchestrationOptions options, TimeProvider? time = null)
    {
        var backend = new AzureStorageOrchestrationBackend(options, time);
        await backend.CreateIfNotExistsAsync(CancellationToken.None);
        return backend;
    }

    public static OrchestrationState State(string instanceId, string executionId, OrchestrationRuntimeStatus status, DateTimeOffset createdAt, string? input = null) => new()
    {
        InstanceId = instanceId,
        ExecutionId = executionId,
        Name = "TestOrchestrator",
        RuntimeStatus = status,
        CreatedAt = createdAt,
        LastUpdatedAt = createdAt,
        Input = input,
    };

    public static OrchestrationMessage Start(string instanceId, string executionId, DateTimeOffset now, string? input = null) => new()
    {
        MessageId = $"{instanceId}|{executionId}|start",
        InstanceId = instanceId,
        ExecutionId = executionId,
        Event = new ExecutionStartedEvent(-1, now, "TestOrchestrator", executionId, input),
    };

    public static OrchestrationMessage Event(string instanceId, string messageId, string name, string? input = null, DateTimeOffset? visibleAt = null) => new()
    {
        MessageId = messageId,
        InstanceId = instanceId,
        Event = new EventRaisedEvent(-1, DateTimeOffset.UnixEpoch, name, input),
        VisibleAt = visibleAt,
    };

    public static OrchestrationMessage Activity(string instanceId, string executionId, int taskId) => new()
    {
        MessageId = $"{instanceId}|{executionId}|{taskId}|activity",
        InstanceId = instanceId,
        ExecutionId = executionId,
        Event = new TaskScheduledEvent(taskId, DateTimeOffset.UnixEpoch, "SayHello", "\"x\""),
    };

    /// <summary>The checkpoint of a first step: started, scheduled one activity, running.</summary>
    public static OrchestrationCheckpoint FirstStep(OrchestrationWorkItem workItem, DateTimeOffset now)
    {
        var start = (ExecutionStartedEvent)workItem.Messages[0].Event;
        return new OrchestrationCheckpoint
        {
            NewHistory =
            [
                new OrchestratorStartedEvent(-1, now),
                start with { MessageId = workItem.Messages[0].MessageId },
                new TaskScheduledEvent(0, now, "SayHello", "\"x\""),
                new OrchestratorCompletedEvent(-1, now),
            ],
            State = State(workItem.InstanceId, start.ExecutionId, OrchestrationRuntimeStatus.Running, workItem.State?.CreatedAt ?? now),
            ActivityMessages = [Activity(workItem.InstanceId, start.ExecutionId, 0)],
        };
    }
}
