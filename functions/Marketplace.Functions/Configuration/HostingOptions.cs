namespace Marketplace.Functions.Configuration;

/// <summary>
/// How the app is hosted and how queue messages are processed (section "Hosting"). The retry settings
/// mirror host.json's "extensions.queues" so both invocation styles treat a failing message the same way.
/// </summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>Set by the Functions host when it runs the app as a custom handler.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>
    /// SelfHosted or CustomHandler. When not set: CustomHandler if FUNCTIONS_CUSTOMHANDLER_PORT is set,
    /// SelfHosted otherwise.
    /// </summary>
    public HostingMode? Mode { get; set; }

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

    /// <summary>The mode in force, <see cref="Mode"/> or the one implied by the environment.</summary>
    public HostingMode EffectiveMode(string? customHandlerPort) =>
        Mode ?? (string.IsNullOrEmpty(customHandlerPort) ? HostingMode.SelfHosted : HostingMode.CustomHandler);
}
