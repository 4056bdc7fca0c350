using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Serialization;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Dead letters in the {hub}DeadLetters table, oldest first (row key = time + id).</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private const string DeadLetterPartition = "deadletters";
    private const int MaxReasonLength = 8000;
    private static readonly SearchValues<char> s_lowerHex = SearchValues.Create("0123456789abcdef");

    /// <inheritdoc/>
    public async Task DeadLetterAsync(OrchestrationMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reason);
        DateTimeOffset now = _time.GetUtcNow();
        string id = string.Create(CultureInfo.InvariantCulture, $"{now.UtcTicks:D19}-{Guid.NewGuid():N}");
        var row = new TableEntity(DeadLetterPartition, id)
        {
            ["Reason"] = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason,
            ["DeadLetteredAt"] = now,
            ["DequeueCount"] = message.DequeueCount,
        };
        string json = JsonSerializer.Serialize(message with { Receipt = null }, DurableTaskJsonContext.Default.OrchestrationMessage);
        await _payloads.WriteColumnsAsync(row, "M", json, message.InstanceId, "d", cancellationToken).ConfigureAwait(false);
        await _deadLetterTable.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        await DeleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The continuation token is the id (row key) of the last dead letter returned, checked to be one: the SDK's own
    /// token ("partition row") started the listing wherever a made-up token pointed.
    /// </remarks>
    public async Task<DeadLetterPage> ListDeadLettersAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (continuationToken is not null && !IsDeadLetterId(continuationToken))
        {
            throw new InvalidContinuationTokenException();
        }

        int size = Math.Max(1, pageSize);
        string filter = $"PartitionKey eq '{DeadLetterPartition}'"
            + (continuationToken is null ? string.Empty : $" and RowKey gt {KeyEncoding.Quote(continuationToken)}");
        var items = new List<DeadLetter>(size);
        await foreach (TableEntity row in _deadLetterTable.QueryAsync<TableEntity>(filter, maxPerPage: size + 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == size)
            {
                return new DeadLetterPage(items, items[^1].Id);
            }

            items.Add(await ToDeadLetterAsync(row, cancellationToken).ConfigureAwait(false));
        }

        return new DeadLetterPage(items, null);
    }

    /// <inheritdoc/>
    public async Task<bool> ReplayDeadLetterAsync(string deadLetterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetterId);
        if (!IsDeadLetterId(deadLetterId))
        {
            return false; // not an id we issue, and maybe not a valid table key at all
        }

        var found = await _deadLetterTable.GetEntityIfExistsAsync<TableEntity>(DeadLetterPartition, deadLetterId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is not { } row)
        {
            return false;
        }

        DeadLetter deadLetter = await ToDeadLetterAsync(row, cancellationToken).ConfigureAwait(false);
        try
        {
            // Delete first (ETag-guarded) so two concurrent replays send it once; a crash in between loses nothing
            // that a second dead-lettering would not recover, and the message id lets the engine drop a duplicate.
            await _deadLetterTable.DeleteEntityAsync(DeadLetterPartition, deadLetterId, row.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }

        // A new queue message: its dequeue count starts afresh.
        await _sender.SendAsync(deadLetter.Message with { DequeueCount = 0, VisibleAt = null }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a dead letter's id: 19 digits of ticks, '-', 32 hex digits.</summary>
    private static bool IsDeadLetterId(string id) =>
        id.Length == 52 && id[19] == '-' && !id.AsSpan(0, 19).ContainsAnyExceptInRange('0', '9')
        && !id.AsSpan(20).ContainsAnyExcept(s_lowerHex);

    private async Task<DeadLetter> ToDeadLetterAsync(TableEntity row, CancellationToken cancellationToken)
    {
        string json = await _payloads.ReadColumnsAsync(row, "M", cancellationToken).ConfigureAwait(false) ?? "{}";
        OrchestrationMessage message = JsonSerializer.Deserialize(json, DurableTaskJsonContext.Default.OrchestrationMessage)
            ?? throw new InvalidOperationException($"Dead letter '{row.RowKey}' has no message.");
        return new DeadLetter(
            row.RowKey,
            message with { DequeueCount = row.GetInt64("DequeueCount") ?? 0 },
            row.GetString("Reason") ?? string.Empty,
            row.GetDateTimeOffset("DeadLetteredAt") ?? row.Timestamp ?? DateTimeOffset.MinValue);
    }

    /// <summary>A queue message we cannot even decode is set aside with its raw text (as a Generic event), never retried forever.</summary>
    private async Task DeadLetterUndecodableAsync(QueueClient queue, QueueMessage raw, Exception error, CancellationToken cancellationToken)
    {
        Log.Undecodable(_logger, error, queue.Name, raw.MessageId);
        var stub = new OrchestrationMessage
        {
            MessageId = raw.MessageId,
            InstanceId = string.Empty,
            Event = new GenericEvent(-1, _time.GetUtcNow(), raw.Body.ToString()),
            DequeueCount = raw.DequeueCount,
            Receipt = new Messaging.QueueReceipt(queue, raw.MessageId, raw.PopReceipt),
        };
        await DeadLetterAsync(stub, $"{error.GetType().FullName}: {error.Message}", cancellationToken).ConfigureAwait(false);
    }
}
