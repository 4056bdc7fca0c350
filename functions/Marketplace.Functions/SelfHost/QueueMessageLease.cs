using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Marketplace.Functions.Hosting;

namespace Marketplace.Functions.SelfHost;

/// <summary>
/// Keeps one received queue message invisible while this instance works on it, as the Functions host does: every
/// third of Hosting:VisibilityTimeout it extends the message's invisibility by that timeout again. A live handler
/// is therefore never delivered a second time to another consumer, however long it runs, while the messages of an
/// instance that dies come back within one VisibilityTimeout. Each update returns a new pop receipt and invalidates
/// the previous one, so the message must be settled with <see cref="StopAsync"/>'s receipt, never the original.
/// </summary>
internal sealed class QueueMessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly QueueMessage _message;
    private readonly TimeSpan _visibility;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private string _popReceipt;
    private Task<string>? _stopping;

    private QueueMessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility, long receivedAt, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        _message = message;
        _visibility = visibility;
        _time = time;
        _logger = logger;
        _popReceipt = message.PopReceipt;
        _renewals = RenewAsync(receivedAt);
    }

    /// <summary>How often the invisibility is extended: a third of it, so one failed renewal still leaves time for the next.</summary>
    public static TimeSpan RenewalInterval(TimeSpan visibility) => visibility / 3;

    /// <summary>
    /// Starts renewing <paramref name="message"/>, received with <paramref name="visibility"/> by a request sent at
    /// <paramref name="receivedAt"/> (<see cref="TimeProvider.GetTimestamp"/>): the invisibility runs from about then, not from when the answer came.
    /// </summary>
    public static QueueMessageLease Start(QueueClient queue, QueueMessage message, TimeSpan visibility, long receivedAt, TimeProvider time, ILogger logger) =>
        new(queue, message, visibility, receivedAt, time, logger);

    /// <summary>
    /// Stops renewing and returns the latest pop receipt, to delete or update the message with. A renewal in flight
    /// is awaited, not cancelled: cancelled mid-way, storage might have changed the receipt without telling us.
    /// </summary>
    public Task<string> StopAsync() => _stopping ??= StopRenewingAsync();

    /// <summary>Stops renewing (as <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task<string> StopRenewingAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewals.ConfigureAwait(false);
        _stop.Dispose();
        return _popReceipt;
    }

    private async Task RenewAsync(long since)
    {
        var interval = RenewalInterval(_visibility);
        while (true)
        {
            try
            {
                var wait = interval - _time.GetElapsedTime(since);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, _stop.Token).ConfigureAwait(false);
                }
                else
                {
                    _stop.Token.ThrowIfCancellationRequested();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // The new invisibility runs from when storage handles the update: count the next interval from sending it.
                since = _time.GetTimestamp();
                var updated = await _queue.UpdateMessageAsync(
                    _message.MessageId, _popReceipt, visibilityTimeout: _visibility, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                _popReceipt = updated.Value.PopReceipt;
            }
            catch (RequestFailedException ex) when (ex.Status is StatusCodes.Status404NotFound or StatusCodes.Status400BadRequest)
            {
                // The message is gone (deleted, or received again after a lapse: the receipt no longer matches). Nothing
                // more to renew; settling it will fail the same way and be logged there, and the handler runs to its end.
                HostingLog.LeaseLost(_logger, ex, _message.MessageId, _queue.Name);
                return;
            }
#pragma warning disable CA1031 // A renewal must never fault the handler's task (storage down, a transport error): log, try at the next interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                HostingLog.LeaseRenewalFailed(_logger, ex, _message.MessageId, _queue.Name);
            }
        }
    }
}
