using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Conversations;
using Marketplace.Storage.Entities;
using Marketplace.Storage.Outbox;

namespace Marketplace.Storage;

/// <summary>
/// Appending messages, with group commit: appends to one conversation that arrive while another append to it is being
/// committed wait for that commit, then go together in one transaction (in arrival order, each decided on the
/// conversation as the ones before it left it). An append that arrives alone costs what it always did.
/// </summary>
public sealed partial class ConversationStore
{
    /// <summary>
    /// At most this many messages in one transaction: each takes three rows (message, event, dedupe marker) of the 100 a
    /// transaction may hold, and the header one more.
    /// </summary>
    private const int MaxMessagesPerCommit = 25;

    private readonly Dictionary<string, List<PendingAppend>> _waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Appends a message and updates the summary atomically. <paramref name="prepare"/> sees the current
    /// conversation (on every attempt, under the conversation's lock) and returns the message to write, with
    /// its moderation outcome, or throws <see cref="MessagingException"/> to refuse.
    /// A write whose <paramref name="deduplication"/> was already applied returns the message it wrote.
    /// With <paramref name="createIfMissing"/>, a conversation that does not exist yet is created in the same
    /// transaction as its first message, so nobody ever sees it empty.
    /// </summary>
    public async Task<AppendResult> AppendMessageAsync(
        string conversationId, Deduplication? deduplication, Func<Conversation, NewMessage> prepare,
        CancellationToken cancellationToken, Conversation? createIfMissing = null)
    {
        var append = new PendingAppend(deduplication, prepare, createIfMissing);
        bool leads;
        lock (_waiting)
        {
            leads = !_waiting.TryGetValue(conversationId, out var waiting);
            if (leads)
            {
                _waiting[conversationId] = waiting = [];
            }

            waiting!.Add(append);
        }

        if (leads)
        {
            // The first to wait commits for everyone who joins it before it holds the conversation's lock. It never gives up
            // on the others: its own cancellation only ends its own wait, below.
            _ = CommitWaitingAsync(conversationId);
        }

        return await append.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CommitWaitingAsync(string conversationId)
    {
        using var held = await locks.AcquireAsync(conversationId, CancellationToken.None).ConfigureAwait(false);
        List<PendingAppend> batch;
        lock (_waiting)
        {
            batch = _waiting[conversationId];
            _waiting.Remove(conversationId);
        }

        try
        {
            foreach (var chunk in batch.Chunk(MaxMessagesPerCommit))
            {
                if (chunk.Length > 1 && await TryAppendTogetherAsync(conversationId, chunk).ConfigureAwait(false))
                {
                    continue;
                }

                foreach (var append in chunk)
                {
                    await AppendOneAsync(conversationId, append).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Never leave a caller waiting: anything not answered above (it cannot happen, but a hung request would be worse).
            foreach (var append in batch)
            {
                append.Outcome.TrySetException(new InvalidOperationException("The append was not committed."));
            }
        }
    }

    /// <summary>One append on its own: from the header this process last committed if it has it, else (or then) read.</summary>
    private async Task AppendOneAsync(string conversationId, PendingAppend append)
    {
        try
        {
            if (headers.TryGet(conversationId, out var cached))
            {
                // Trust the header this process last committed, and the transaction's own dedupe row: a stale header fails
                // the transaction on its ETag (412), an applied deduplication on its row (409). Then, or if the stale header
                // made the message look refused, decide again below from fresh reads.
                try
                {
                    append.Outcome.TrySetResult(await AppendAsync(conversationId, cached, append, CancellationToken.None).ConfigureAwait(false));
                    return;
                }
                catch (Exception ex) when (ex is MessagingException or RequestFailedException { Status: 409 or 412 })
                {
                    headers.Remove(conversationId);
                }
            }

            append.Outcome.TrySetResult(await RetryOnConflictAsync(
                () => AppendAsync(conversationId, null, append, CancellationToken.None), CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            append.Outcome.TrySetException(ex);
        }
    }

    /// <summary>One attempt of one append: from <paramref name="cached"/>, or from reading the header and dedupe row.</summary>
    private async Task<AppendResult> AppendAsync(
        string conversationId, Committed<Conversation>? cached, PendingAppend append, CancellationToken cancellationToken)
    {
        var existing = cached is null ? await GetHeaderAsync(conversationId, cancellationToken).ConfigureAwait(false) : cached.Value.ToEntity();
        if (cached is not null)
        {
            existing!.ETag = cached.ETag;
        }

        var header = existing ?? append.CreateIfMissing?.ToEntity() ?? throw NotFound(conversationId);
        var conversation = header.ToConversation();
        if (cached is null && append.Deduplication is not null
            && await GetDedupeAsync(conversationId, append.Deduplication, cancellationToken).ConfigureAwait(false) is { } applied)
        {
            return await DuplicateAsync(conversation, applied, cancellationToken).ConfigureAwait(false);
        }

        var message = append.Prepare(conversation);
        var attachments = await TakeAttachmentsAsync(conversationId, message, cancellationToken).ConfigureAwait(false);
        var (stored, summary, rows) = Compose(conversationId, conversation, message, append.Deduplication, attachments);
        var actions = new List<TableTransactionAction>
        {
            existing is null
                ? new(TableTransactionActionType.Add, header.WithSummary(summary))
                : new(TableTransactionActionType.UpdateReplace, header.WithSummary(summary), header.ETag),
        };
        actions.AddRange(rows);
        var committed = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        var after = conversation with { Summary = summary };
        Remember(after, committed.Value[0]);
        return new AppendResult(stored, after, WasDuplicate: false) { Before = existing is null ? null : conversation };
    }

    /// <summary>
    /// Several appends in one transaction, from the header this process last committed. False (nothing written, nobody
    /// answered) when that is not possible or the transaction loses to another writer or finds an applied deduplication:
    /// the caller then appends them one by one, which sorts each case out.
    /// </summary>
    private async Task<bool> TryAppendTogetherAsync(string conversationId, PendingAppend[] appends)
    {
        try
        {
            return await AppendTogetherAsync(conversationId, appends).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Whatever went wrong (storage trouble, the transaction lost to another writer, an unexpected failure in a
            // prepare), nobody was answered: one by one, each append then fails or succeeds on its own.
            headers.Remove(conversationId);
            return false;
        }
    }

    private async Task<bool> AppendTogetherAsync(string conversationId, PendingAppend[] appends)
    {
        if (!headers.TryGet(conversationId, out var cached))
        {
            return false;
        }

        var header = cached.Value.ToEntity();
        header.ETag = cached.ETag;
        var conversation = cached.Value;
        var outcomes = new List<(PendingAppend Append, AppendResult? Result, Exception? Refusal)>(appends.Length);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, header, header.ETag) };
        foreach (var append in appends)
        {
            NewMessage message;
            try
            {
                message = append.Prepare(conversation);
            }
            catch (MessagingException refusal)
            {
                outcomes.Add((append, null, refusal)); // told only once the others commit: decided on this header
                continue;
            }

            if (message.AttachmentIds.Count > 0)
            {
                return false; // uploaded attachments are taken under their own ETags: one by one
            }

            var (stored, summary, rows) = Compose(conversationId, conversation, message, append.Deduplication, []);
            actions.AddRange(rows);
            var after = conversation with { Summary = summary };
            outcomes.Add((append, new AppendResult(stored, after, WasDuplicate: false) { Before = conversation }, null));
            conversation = after;
        }

        if (actions.Count == 1)
        {
            return false; // every one refused: let each be decided (and refused) on its own
        }

        header.WithSummary(conversation.Summary);
        var committed = await _table.SubmitTransactionAsync(actions, CancellationToken.None).ConfigureAwait(false);
        Remember(conversation, committed.Value[0]);

        foreach (var (append, result, refusal) in outcomes)
        {
            if (result is not null)
            {
                append.Outcome.TrySetResult(result with { Committed = conversation });
            }
            else
            {
                append.Outcome.TrySetException(refusal!);
            }
        }

        return true;
    }

    /// <summary>The rows one message adds to its conversation (after the header), the message as stored, and the summary after it.</summary>
    private static (Message Stored, ConversationSummary Summary, List<TableTransactionAction> Rows) Compose(
        string conversationId, Conversation conversation, NewMessage message, Deduplication? deduplication, List<AttachmentEntity> attachments)
    {
        var deliveredText = message.DeliveredText ?? message.Text;
        var summary = message.Status == MessageStatus.Delivered
            ? conversation.Summary.WithMessage(message.AuthorRole, message.SentAt, deliveredText)
            : conversation.Summary.WithStoredMessage(message.AuthorRole);
        var stored = new Message(
            summary.MessageCount, message.AuthorRole, message.AuthorId, deliveredText, message.SentAt, message.Reason,
            message.Source, message.ExternalId,
            [.. attachments.Select(a => a.ToAttachment().ToMessageAttachment()), .. message.ExternalAttachments])
        {
            Status = message.Status,
            OriginalText = deliveredText == message.Text ? null : message.Text,
            Moderation = message.Moderation,
            SentBy = message.SentBy,
        };

        var rows = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, stored.ToEntity(conversationId)),
            new(TableTransactionActionType.Add, OutboxRows.Create(conversationId, summary.Version, 0, ConversationEventData.Created(conversation, stored))),
        };
        foreach (var attachment in attachments)
        {
            attachment.MessageSequence = stored.Sequence;
            rows.Add(new(TableTransactionActionType.UpdateReplace, attachment, attachment.ETag));
        }

        if (deduplication is not null)
        {
            rows.Add(new(TableTransactionActionType.Add, new DedupeEntity
            {
                PartitionKey = conversationId,
                RowKey = deduplication.RowKey,
                MessageSequence = stored.Sequence,
                AppliedAt = message.SentAt,
                Fingerprint = deduplication.Fingerprint,
            }));
        }

        return (stored, summary, rows);
    }

    private void Remember(Conversation committed, Response headerResponse)
    {
        if (headerResponse.Headers.ETag is { } etag)
        {
            headers.Set(committed.Id, committed, etag);
        }
    }

    /// <summary>An append waiting for its commit.</summary>
    private sealed record PendingAppend(Deduplication? Deduplication, Func<Conversation, NewMessage> Prepare, Conversation? CreateIfMissing)
    {
        public TaskCompletionSource<AppendResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
