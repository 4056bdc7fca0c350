using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Lists and requeues the messages in a queue function's "{queue}-poison" queue, with the reason each failed.
/// Requeueing sends the same bytes to the source queue (a new message: dequeue count starts again) and only
/// then deletes the poison copy, so a crash in between duplicates a message rather than losing it.
/// </summary>
public sealed class PoisonQueueAdmin(QueueServiceClient queues, PoisonReasonStore reasons)
{
    /// <summary>Most messages a storage queue hands out (or shows) per call.</summary>
    public const int PageSize = 32;

    /// <summary>Upper bound on receive rounds in one requeue-all call, so a request always ends.</summary>
    private const int MaxRounds = 100;

    public async Task<PoisonQueueView> ListAsync(QueueFunctionDefinition function, bool includeBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var poison = queues.GetQueueClient(function.PoisonQueueName);
        PeekedMessage[] peeked;
        try
        {
            peeked = await poison.PeekMessagesAsync(PageSize, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            peeked = [];
        }

        var byHash = peeked.Length == 0
            ? new Dictionary<string, PoisonReason>()
            : await reasons.ListByBodyHashAsync(function.QueueName, cancellationToken).ConfigureAwait(false);
        var messages = peeked.Select(m =>
        {
            var text = m.Body.ToString();
            var reason = byHash.GetValueOrDefault(PoisonReasonStore.HashBody(text));
            return new PoisonMessageView(
                m.MessageId,
                m.InsertedOn,
                m.DequeueCount,
                m.Body.ToMemory().Length,
                reason is null ? null : new PoisonReasonView(reason.FunctionName, reason.ErrorType, reason.ErrorMessage, reason.DequeueCount, reason.FailedAt),
                includeBody ? text : null);
        }).ToArray();
        return new PoisonQueueView(function.QueueName, function.PoisonQueueName, messages);
    }

    /// <summary>Moves one poison message back; false if it is not among the first <see cref="PageSize"/> visible ones.</summary>
    public async Task<bool> RequeueAsync(QueueFunctionDefinition function, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var poison = queues.GetQueueClient(function.PoisonQueueName);
        QueueMessage[] received;
        try
        {
            received = await poison.ReceiveMessagesAsync(PageSize, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }

        var found = false;
        foreach (var message in received)
        {
            if (string.Equals(message.MessageId, messageId, StringComparison.Ordinal))
            {
                await MoveBackAsync(function, poison, message, cancellationToken).ConfigureAwait(false);
                found = true;
            }
            else
            {
                // Not the one asked for: make it visible again at once.
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }

        return found;
    }

    /// <summary>Moves every poison message back to the source queue.</summary>
    public async Task<int> RequeueAllAsync(QueueFunctionDefinition function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var poison = queues.GetQueueClient(function.PoisonQueueName);
        var moved = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            QueueMessage[] received;
            try
            {
                received = await poison.ReceiveMessagesAsync(PageSize, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                break;
            }

            if (received.Length == 0)
            {
                break;
            }

            foreach (var message in received)
            {
                await MoveBackAsync(function, poison, message, cancellationToken).ConfigureAwait(false);
                moved++;
            }
        }

        return moved;
    }

    private async Task MoveBackAsync(QueueFunctionDefinition function, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        var source = queues.GetQueueClient(function.QueueName);
        await source.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await source.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        await reasons.DeleteByBodyHashAsync(function.QueueName, PoisonReasonStore.HashBody(message.Body.ToString()), CancellationToken.None)
            .ConfigureAwait(false);
    }
}
