namespace Marketplace.Functions.Configuration;

/// <summary>
/// How queue messages are processed (section "Hosting"). In Azure the Functions host polls by host.json's
/// "extensions.queues" and only <see cref="MaxDequeueCount"/> is read (to know the last delivery); self-hosted, the
/// poller follows all of these, whose defaults mirror host.json.
/// </summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>Deliveries before a message moves to "{queue}-poison": host.json's extensions.queues.maxDequeueCount.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Self-hosted: messages received per poll (1-32): host.json's batchSize.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Self-hosted: handlers running at once per queue function.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Self-hosted: how long to wait before polling an empty queue again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Self-hosted: how long a received message stays invisible to other consumers. It is extended by as much every
    /// third of it while the message waits for and runs its handler, so a handler may run longer; if the instance
    /// dies, its messages are delivered again within this time. Storage counts whole seconds.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Self-hosted: delay before a failed message is retried (host.json's visibilityTimeout), doubled on each
    /// further failure up to <see cref="MaxRetryDelay"/>. Storage counts whole seconds.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Self-hosted: the longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
