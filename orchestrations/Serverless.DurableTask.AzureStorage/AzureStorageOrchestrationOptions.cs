using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Settings of the Azure Storage backend (bound from configuration section <see cref="SectionName"/>).</summary>
public sealed class AzureStorageOrchestrationOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "DurableTask:AzureStorage";

    /// <summary>Storage connection string; ignored for a service whose client is given explicitly.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table client to use instead of <see cref="ConnectionString"/> (e.g. with a managed identity).</summary>
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>Queue client to use instead of <see cref="ConnectionString"/>. Its messages must be base64-encoded (the Functions host expects it).</summary>
    public QueueServiceClient? QueueServiceClient { get; set; }

    /// <summary>Blob client to use instead of <see cref="ConnectionString"/>.</summary>
    public BlobServiceClient? BlobServiceClient { get; set; }

    /// <summary>Task hub name: prefix of every table, queue and container. Letters and digits, 3–45 characters, starting with a letter.</summary>
    public string TaskHubName { get; set; } = "TestHub";

    /// <summary>Number of control queues; an instance maps to one by a stable FNV-1a hash of its id. Never change it for a live task hub.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>How long received control messages stay invisible to other receivers (the instance "lock").</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a received activity message stays invisible to other receivers.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many messages one queue receive asks for (Azure's maximum is 32).</summary>
    public int ReceiveBatchSize { get; set; } = 32;

    /// <summary>Longest pause between two polls of empty queues.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the outbox sweep looks for unsent outbox rows (left by a crash between commit and send).</summary>
    public TimeSpan OutboxSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How old an outbox row must be before the sweep re-sends it. Younger rows are being sent, or (local dispatch)
    /// belong to activities still running in their process; an activity running longer than this may run twice.
    /// </summary>
    public TimeSpan OutboxSweepMinAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Local dispatch: activity messages and messages to the same instance produced by a step (and start messages of
    /// instances created here) are handed over in memory instead of through queues; their committed outbox row is the
    /// durable copy, deleted by the instance's next checkpoint, re-sent through the queues by the sweep after a crash.
    /// Turn it off when no polling worker runs in this process (custom-handler style).
    /// </summary>
    public bool LocalDispatch { get; set; } = true;

    /// <summary>Payloads (queue messages, history chunks, state, outbox) larger than this many UTF-8 bytes go to a blob.</summary>
    public int LargePayloadThreshold { get; set; } = 45 * 1024;

    /// <summary>Longest visibility delay given to one queue message; longer timers are chained hop by hop. Azure's limit is 7 days.</summary>
    public TimeSpan MaxQueueVisibilityDelay { get; set; } = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    /// <summary>
    /// Delayed messages (timers, scheduled starts) due further out than this wait as rows in the <c>{hub}Timers</c>
    /// table and move into their queue shortly before they are due, so queues hold only what is due soon.
    /// Zero sends every delayed message straight to its queue (chained beyond the 7-day limit).
    /// </summary>
    public TimeSpan TimerParkingHorizon { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many instances keep their history in memory between steps (extended sessions, validated by ETag at commit).</summary>
    public int MaxCachedInstances { get; set; } = 2000;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> describing the first invalid one.</summary>
    public void Validate()
    {
        if (TableServiceClient is null || QueueServiceClient is null || BlobServiceClient is null)
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                throw new ArgumentException("Set ConnectionString or all three service clients.", nameof(ConnectionString));
            }
        }

        if (!TaskHubNames.IsValidHubName(TaskHubName))
        {
            throw new ArgumentException("TaskHubName must be 3–45 letters or digits starting with a letter.", nameof(TaskHubName));
        }

        Require(PartitionCount is >= 1 and <= 16, nameof(PartitionCount), "between 1 and 16");
        Require(ReceiveBatchSize is >= 1 and <= 32, nameof(ReceiveBatchSize), "between 1 and 32");
        Require(ControlQueueVisibilityTimeout >= TimeSpan.FromSeconds(1), nameof(ControlQueueVisibilityTimeout), "at least 1 second");
        Require(WorkItemQueueVisibilityTimeout >= TimeSpan.FromSeconds(1), nameof(WorkItemQueueVisibilityTimeout), "at least 1 second");
        Require(MaxQueueVisibilityDelay >= TimeSpan.FromSeconds(1) && MaxQueueVisibilityDelay <= TimeSpan.FromDays(7), nameof(MaxQueueVisibilityDelay), "between 1 second and 7 days");
        Require(LargePayloadThreshold is >= 1024 and <= 45 * 1024, nameof(LargePayloadThreshold), "between 1 KB and 45 KB");
        Require(OutboxSweepInterval > TimeSpan.Zero, nameof(OutboxSweepInterval), "positive");
        Require(MaxPollingInterval > TimeSpan.Zero, nameof(MaxPollingInterval), "positive");
        Require(TimerParkingHorizon == TimeSpan.Zero || TimerParkingHorizon >= Messaging.TimerParking.MinimumHorizon, nameof(TimerParkingHorizon), "zero (off) or at least 3 minutes");
        Require(MaxCachedInstances >= 0, nameof(MaxCachedInstances), "zero or more");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} must be {rule}.", name);
        }
    }
}
