using System.Net.Sockets;
using Azure;

namespace Marketplace.Functions.Errors;

/// <summary>
/// Tells a failure of storage itself (unreachable, timing out, busy) from a bug: the first is answered 503 with
/// Retry-After so callers back off and retry, the second 500.
/// </summary>
internal static class StorageOutage
{
    /// <summary>How long callers are asked to wait before retrying, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// True when <paramref name="exception"/> says storage could not be reached or did not answer in time: a transport
    /// failure (status 0), a server-side busy or timeout status, a try that timed out, or retries that all failed so.
    /// </summary>
    public static bool Caused(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 500 or 502 or 503 or 504,
        // The SDK throws this when every retry failed; it is an outage only if each try was one.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Caused),
        HttpRequestException or SocketException or TimeoutException => true,
        // A try abandoned after Storage:TryTimeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => true,
        _ => false,
    };
}
