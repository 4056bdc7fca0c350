using System.ComponentModel.DataAnnotations;

namespace Serverless.DurableTask;

/// <summary>Settings of the durable runtime (bound from configuration section <see cref="SectionName"/>).</summary>
public sealed class DurableTaskOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "DurableTask";

    /// <summary>Name of the task hub: prefix of every table, queue and container of the backend. Letters and digits, 3–45 characters, starting with a letter.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    public string TaskHubName { get; set; } = "TestHub";

    /// <summary>Number of control queues (partitions); instances map to one by a stable hash of their id.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>How many deliveries a message gets before it is dead-lettered instead of retried.</summary>
    [Range(1, 100)]
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>Delay before an abandoned (failed) message is delivered again.</summary>
    public TimeSpan AbandonRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many orchestration work items one worker processes at once; default 10 per processor, as Durable Functions'
    /// <c>maxConcurrentOrchestratorFunctions</c>: a step mostly waits for its checkpoint, not for a core.
    /// </summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>How many activities one worker runs at once; default 10 per processor, as Durable Functions' <c>maxConcurrentActivityFunctions</c>.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Long-poll time of one receive call in the self-hosted loops.</summary>
    public TimeSpan ReceiveTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the self-hosted polling loops run (false when the Functions host delivers messages).</summary>
    public bool EnablePollingWorker { get; set; } = true;

    /// <summary>
    /// Secret that protects the management API (system key, sent as <c>code</c> or <c>x-functions-key</c>)
    /// and signs per-instance management URLs. At least 32 characters; comes from Key Vault in Azure.
    /// </summary>
    [Required]
    [MinLength(32)]
    public string SystemKey { get; set; } = string.Empty;

    /// <summary>Absolute base URL of this app used to build management URLs, e.g. https://app.example.net.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("http://localhost:7071");
}
