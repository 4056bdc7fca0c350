namespace Marketplace.DurableHosting;

/// <summary>
/// The task hub and how this process works it (section "DurableTask"): the settings host.json's
/// "extensions.durableTask" gives the Durable extension in Azure, for the engine run here.
/// </summary>
public sealed class DurableHostingOptions
{
    public const string Section = "DurableTask";

    /// <summary>The task hub: its queues, tables and containers are named after it (3-45 letters and digits, starting with a letter).</summary>
    public string TaskHubName { get; set; } = "MarketplaceHub";

    /// <summary>Control-queue partitions (1-16), as host.json's storageProvider.partitionCount; fixed once the hub exists.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// Longest wait between polls of an empty queue (Durable Functions' default is 30 s). Short locally, so a started
    /// orchestration or a raised event is picked up at once; each poll is a storage transaction.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a received control or work-item message stays invisible. After a crash nothing else can take it for
    /// this long, so it bounds recovery time; an activity running longer than this may run twice (activities are
    /// idempotent). The engine's default is 5 minutes.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep orchestrations in memory between steps instead of replaying their history each time.</summary>
    public bool ExtendedSessionsEnabled { get; set; } = true;

    /// <summary>Activities running at once in this process (Durable Functions' default: 10 per processor).</summary>
    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Orchestrator steps running at once in this process (Durable Functions' default: 10 per processor).</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Whether this process runs the worker (false: it only starts and queries orchestrations).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>
    /// The key that authorizes the management API under /runtime/webhooks/durabletask (sent as "code" or
    /// "x-functions-key"), like the Functions host's durabletask_extension system key. At least 32 characters; in Azure
    /// it comes from Key Vault. Never given to third parties: callbacks use the app's own scoped, signed URLs.
    /// </summary>
    public string SystemKey { get; set; } = "";
}
