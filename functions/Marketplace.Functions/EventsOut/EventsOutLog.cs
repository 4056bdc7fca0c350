namespace Marketplace.Functions.EventsOut;

/// <summary>Delivery of events to marketplaces: marketplace and stream names only, never bodies, URLs or secrets.</summary>
internal static partial class EventsOutLog
{
    [LoggerMessage(8001, LogLevel.Warning, "Delivering {Stream} to {Marketplace} failed (attempt {Attempts}); retrying in {Delay}")]
    public static partial void DeliveryFailed(ILogger logger, string marketplace, string stream, int attempts, TimeSpan delay);

    [LoggerMessage(8002, LogLevel.Error, "Delivering {Stream} to {Marketplace} failed {Attempts} times; the stream is dead-lettered until an admin replays it")]
    public static partial void StreamDeadLettered(ILogger logger, string marketplace, string stream, int attempts);

    [LoggerMessage(8003, LogLevel.Information, "Admin {AdminId} replayed {Stream} of {Marketplace} from {Position}")]
    public static partial void StreamReplayed(ILogger logger, string adminId, string marketplace, string stream, string position);
}
