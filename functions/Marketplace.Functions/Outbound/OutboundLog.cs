namespace Marketplace.Functions.Outbound;

/// <summary>Outbound calls to user-given URLs: host names and ports only, never paths (they may carry tokens).</summary>
internal static partial class OutboundLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Refused to connect to {Host}:{Port}: it does not resolve only to addresses a webhook may go to")]
    public static partial void ConnectionRefused(ILogger logger, string host, int port);
}
