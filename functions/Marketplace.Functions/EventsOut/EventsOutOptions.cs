using System.ComponentModel.DataAnnotations;

namespace Marketplace.Functions.EventsOut;

/// <summary>Delivery of our events to marketplaces' backends (section "EventsOut").</summary>
public sealed class EventsOutOptions
{
    public const string Section = "EventsOut";

    /// <summary>Failed attempts at one event before its stream is dead-lettered (waits for an admin's replay).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failure; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Events read (and sent one by one, in order) per pass over a stream.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a process trusts what it read about a marketplace's subscription.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SubscriptionCacheTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failure before attempt <paramref name="attempts"/> + 1.</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var doubled = RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, MaxRetryDelay.TotalMilliseconds));
    }
}
