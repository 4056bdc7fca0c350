using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Storage.Entities;
using Marketplace.Storage.Outbox;

namespace Marketplace.Storage;

/// <summary>
/// Conversations in Azure Tables: one partition per conversation holds its header, messages, attachment
/// metadata and dedupe markers, so a message and the header's summary commit in one entity-group
/// transaction guarded by the header's ETag.
/// </summary>
public sealed partial class ConversationStore(TableServiceClient tables, StorageNames names, KeyedAsyncLock locks, LastCommitted<Conversation> headers)
{
    private const int MaxAttempts = 50;

    private readonly TableClient _table = tables.GetTableClient(names.Conversations);

    public async Task<Conversation?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var header = await GetHeaderAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return header?.ToConversation();
    }

    /// <summary>Creates the conversation; returns false (and changes nothing) if it already exists.</summary>
    public async Task<bool> TryCreateAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(conversation.ToEntity(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Moves the order's status forward (never back) and records the event, once.</summary>
    /// <param name="trackingNumber">order.shipped's tracking number and carrier, kept on the header (templates fill them in).</param>
    public async Task<Conversation> UpdateOrderStatusAsync(
        string conversationId, OrderStatus status, DateTimeOffset at, string eventId, CancellationToken cancellationToken,
        string? trackingNumber = null, string? carrier = null)
    {
        var deduplication = Deduplication.ForEvent(eventId);
        return await RetryOnConflictAsync(async () =>
        {
            var header = await GetHeaderAsync(conversationId, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(conversationId);
            if (await GetDedupeAsync(conversationId, deduplication, cancellationToken).ConfigureAwait(false) is not null)
            {
                return header.ToConversation();
            }

            var current = Enum.Parse<OrderStatus>(header.OrderStatus);
            if (status > current)
            {
                header.OrderStatus = status.ToString();
                header.Version++;
            }

            if (status == OrderStatus.Completed && header.OrderCompletedAt is null)
            {
                header.OrderCompletedAt = at;
            }

            if (status == OrderStatus.Shipped)
            {
                header.ShippedAt ??= at;
                header.TrackingNumber = trackingNumber ?? header.TrackingNumber;
                header.Carrier = carrier ?? header.Carrier;
            }
            else if (status == OrderStatus.Delivered)
            {
                header.DeliveredAt ??= at;
            }

            var committed = await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, header, header.ETag),
                    new(TableTransactionActionType.Add, new DedupeEntity
                    {
                        PartitionKey = conversationId, RowKey = deduplication.RowKey, AppliedAt = at,
                    }),
                ],
                cancellationToken).ConfigureAwait(false);
            Remember(header.ToConversation(), committed.Value[0]); // the next append starts from it
            return header.ToConversation();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The seller marks the buyer's pending message(s) as needing no reply: the wait ends without a message
    /// (Amazon's "No response needed"). Returns the conversation before and after; refused if nothing waits.
    /// </summary>
    public async Task<(Conversation Before, Conversation After)> EndWaitWithoutReplyAsync(
        string conversationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return await RetryOnConflictAsync(async () =>
        {
            var header = await GetHeaderAsync(conversationId, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(conversationId);
            var before = header.ToConversation();
            if (before.Summary.AwaitingReplyFrom != PartyRole.Seller)
            {
                throw new MessagingException(MessagingError.Conflict, "no_reply_pending",
                    $"Conversation '{conversationId}' has no buyer message waiting for your reply.");
            }

            var summary = before.Summary with { AwaitingReplyFrom = null, AwaitingReplySince = null, Version = before.Summary.Version + 1 };
            await CommitWithEventAsync(header, summary, ConversationEventData.ReplyWaitEnded(before, at), cancellationToken).ConfigureAwait(false);
            return (before, before with { Summary = summary });
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the conversation read by <paramref name="reader"/> through a sequence (default: all of it).</summary>
    public async Task<Conversation> MarkReadAsync(
        string conversationId, PartyRole reader, long? throughSequence, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return await RetryOnConflictAsync(async () =>
        {
            var header = await GetHeaderAsync(conversationId, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(conversationId);
            var conversation = header.ToConversation();
            var through = Math.Min(throughSequence ?? header.MessageCount, header.MessageCount);
            if (through <= conversation.Summary.ReadThrough(reader))
            {
                return conversation;
            }

            var unreadAfter = await CountFromOtherPartyAfterAsync(conversationId, reader, through, cancellationToken).ConfigureAwait(false);
            var summary = conversation.Summary.WithRead(reader, through, unreadAfter);
            await CommitWithEventAsync(header, summary, ConversationEventData.Read(conversation, reader, through, at), cancellationToken)
                .ConfigureAwait(false);
            return conversation with { Summary = summary };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Messages after a sequence, oldest first, as <paramref name="viewer"/> may see them: a party sees
    /// everything they wrote and the other party's delivered messages; null (admin) sees all. The cursor is
    /// the last sequence returned, so a hidden message never makes a page skip or repeat.
    /// </summary>
    public async Task<PagedList<Message>> ListMessagesAsync(
        string conversationId, long afterSequence, int limit, CancellationToken cancellationToken, PartyRole? viewer = null)
    {
        var range = TableClient.CreateQueryFilter(
            $"PartitionKey eq {conversationId} and RowKey ge {RowKeys.MessagesAfter(afterSequence)} and RowKey lt {RowKeys.MessageRangeEnd}");
        var filter = viewer is { } role
            ? range + " and " + TableClient.CreateQueryFilter($"(AuthorRole eq {role.ToString()} or Status eq {nameof(MessageStatus.Delivered)})")
            : range;
        var (rows, hasMore) = await _table.TakeAsync<MessageEntity>(filter, limit, cancellationToken).ConfigureAwait(false);
        var messages = rows.ConvertAll(row => row.ToMessage());
        return new PagedList<Message>(messages, hasMore ? Cursor.Encode(messages[^1].Sequence) : null);
    }

    /// <summary>
    /// Messages newest first: those before <paramref name="beforeSequence"/> (exclusive; past the last message for the first
    /// page), <paramref name="limit"/> sequences at a time. Sequences run 1, 2, 3…, so a page is a key range read in key
    /// order and reversed; a page may hold fewer than <paramref name="limit"/> when the viewer may not see some of them.
    /// </summary>
    public async Task<PagedList<Message>> ListMessagesBeforeAsync(
        string conversationId, long beforeSequence, int limit, CancellationToken cancellationToken, PartyRole? viewer = null)
    {
        var lowest = Math.Max(1, beforeSequence - limit);
        if (beforeSequence <= 1)
        {
            return new PagedList<Message>([], null);
        }

        var range = TableClient.CreateQueryFilter(
            $"PartitionKey eq {conversationId} and RowKey ge {RowKeys.MessagesAfter(lowest - 1)} and RowKey lt {RowKeys.MessagesAfter(beforeSequence - 1)}");
        var filter = viewer is { } role
            ? range + " and " + TableClient.CreateQueryFilter($"(AuthorRole eq {role.ToString()} or Status eq {nameof(MessageStatus.Delivered)})")
            : range;
        var messages = new List<Message>();
        await foreach (var row in _table.QueryAsync<MessageEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            messages.Add(row.ToMessage());
        }

        messages.Reverse();
        return new PagedList<Message>(messages, lowest > 1 ? Cursor.EncodeBefore(lowest) : null);
    }

    /// <summary>
    /// Approves (delivers) or rejects a held message; the message and the header's summary change in one
    /// transaction. Resolving a message that is no longer held is refused, so two admins cannot both act.
    /// </summary>
    public async Task<AppendResult> ResolveHeldAsync(
        string conversationId, long sequence, bool approve, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return await RetryOnConflictAsync(async () =>
        {
            var header = await GetHeaderAsync(conversationId, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(conversationId);
            var row = await _table.GetEntityIfExistsAsync<MessageEntity>(
                conversationId, RowKeys.Message(conversationId, sequence), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!row.HasValue)
            {
                throw new MessagingException(MessagingError.NotFound, "message_not_found", $"Conversation '{conversationId}' has no message {sequence}.");
            }

            var entity = row.Value!;
            if (entity.Status != nameof(MessageStatus.Held))
            {
                throw new MessagingException(MessagingError.Conflict, "message_not_held",
                    $"Message {sequence} is {entity.Status.ToLowerInvariant()}, not held; it was already resolved.");
            }

            var conversation = header.ToConversation();
            var message = entity.ToMessage();
            var summary = approve
                ? conversation.Summary.WithDelivery(message.AuthorRole, sequence, message.SentAt, message.Text)
                : conversation.Summary with { Version = conversation.Summary.Version + 1 };
            entity.Status = (approve ? MessageStatus.Delivered : MessageStatus.Rejected).ToString();
            var committed = await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, header.WithSummary(summary), header.ETag),
                    new(TableTransactionActionType.UpdateReplace, entity, entity.ETag),
                    new(TableTransactionActionType.Add, OutboxRows.Create(
                        conversationId, summary.Version, 0, ConversationEventData.Resolved(conversation, entity.ToMessage(), at))),
                ],
                cancellationToken).ConfigureAwait(false);
            Remember(header.ToConversation(), committed.Value[0]); // the next append starts from it
            return new AppendResult(entity.ToMessage(), conversation with { Summary = summary }, WasDuplicate: false) { Before = conversation };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records an event about the conversation that changes nothing else in it (a reply deadline's reminder or breach),
    /// once per <paramref name="deduplication"/>: the conversation's version moves on so the event takes its place in the
    /// conversation's order. A repeated call (a retried activity) records nothing.
    /// </summary>
    public async Task RecordEventAsync(
        string conversationId, Deduplication deduplication, Func<Conversation, OutboundEvent> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deduplication);
        ArgumentNullException.ThrowIfNull(build);
        using var held = await locks.AcquireAsync(conversationId, cancellationToken).ConfigureAwait(false);
        await RetryOnConflictAsync(async () =>
        {
            var header = await GetHeaderAsync(conversationId, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(conversationId);
            if (await GetDedupeAsync(conversationId, deduplication, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }

            var conversation = header.ToConversation();
            var summary = conversation.Summary with { Version = conversation.Summary.Version + 1 };
            var e = build(conversation);
            var committed = await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, header.WithSummary(summary), header.ETag),
                    new(TableTransactionActionType.Add, OutboxRows.Create(conversationId, summary.Version, 0, e)),
                    new(TableTransactionActionType.Add, new DedupeEntity { PartitionKey = conversationId, RowKey = deduplication.RowKey, AppliedAt = e.OccurredAt }),
                ],
                cancellationToken).ConfigureAwait(false);
            Remember(header.ToConversation(), committed.Value[0]); // the next append starts from it
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The conversation's events for its marketplace after <paramref name="afterPosition"/> (null: from the first), in order.</summary>
    public async Task<IReadOnlyList<StoredOutboundEvent>> ListEventsAsync(
        string conversationId, string? afterPosition, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {conversationId} and RowKey gt {OutboxRows.After(afterPosition)} and RowKey lt {OutboxRows.RangeEnd}");
        var (rows, _) = await _table.TakeAsync<TableEntity>(filter, limit, cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(OutboxRows.Read);
    }

    public async Task<Message?> GetMessageAsync(string conversationId, long sequence, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<MessageEntity>(
            conversationId, RowKeys.Message(conversationId, sequence), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value!.ToMessage() : null;
    }

    public async Task AddAttachmentAsync(StoredAttachment attachment, CancellationToken cancellationToken) =>
        await _table.AddEntityAsync(attachment.ToEntity(), cancellationToken).ConfigureAwait(false);

    public async Task<StoredAttachment?> GetAttachmentAsync(string conversationId, string attachmentId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<AttachmentEntity>(
            conversationId, RowKeys.Attachment(attachmentId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value!.ToAttachment() : null;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> (read the partition, decide, write) until its write commits. A write that
    /// another writer (another instance) beat, by changing the header (412), taking an attachment (412) or adding
    /// the same row first (409, e.g. the same event's dedupe marker), is decided again from a fresh read after a
    /// short random pause; refusals the attempt throws itself (<see cref="MessagingException"/>) end it at once.
    /// </summary>
    private static Task<T> RetryOnConflictAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken) =>
        TableQueries.RetryOnConflictAsync(attempt, MaxAttempts, cancellationToken);

    /// <summary>Replaces the header (under its ETag) with <paramref name="summary"/> and records the event for it, in one transaction.</summary>
    private async Task CommitWithEventAsync(
        ConversationHeaderEntity header, ConversationSummary summary, OutboundEvent e, CancellationToken cancellationToken)
    {
        var committed = await _table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateReplace, header.WithSummary(summary), header.ETag),
                new(TableTransactionActionType.Add, OutboxRows.Create(header.PartitionKey, summary.Version, 0, e)),
            ],
            cancellationToken).ConfigureAwait(false);
        Remember(header.ToConversation(), committed.Value[0]); // the next append starts from it
    }

    private async Task<ConversationHeaderEntity?> GetHeaderAsync(string conversationId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<ConversationHeaderEntity>(
            conversationId, RowKeys.Header(conversationId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private async Task<DedupeEntity?> GetDedupeAsync(string conversationId, Deduplication deduplication, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<DedupeEntity>(
            conversationId, deduplication.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private async Task<AppendResult> DuplicateAsync(Conversation conversation, DedupeEntity applied, CancellationToken cancellationToken)
    {
        var sequence = applied.MessageSequence
            ?? throw new InvalidOperationException("The deduplication marker does not name a message.");
        var response = await _table.GetEntityAsync<MessageEntity>(
            conversation.Id, RowKeys.Message(conversation.Id, sequence), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new AppendResult(response.Value.ToMessage(), conversation, WasDuplicate: true) { AppliedFingerprint = applied.Fingerprint };
    }

    /// <summary>
    /// Refuses, as the append itself would, attachments the author never uploaded to this conversation: lets a caller
    /// refuse such a request before queuing anything for it. Whether one was already sent is left to the append, which
    /// first recognises a retried request (same idempotency key) and replays it.
    /// </summary>
    public async Task CheckAttachmentsUploadedAsync(string conversationId, NewMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var id in message.AttachmentIds.Distinct(StringComparer.Ordinal))
        {
            var response = await _table.GetEntityIfExistsAsync<AttachmentEntity>(
                conversationId, RowKeys.Attachment(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!IsUploadedBy(response, message))
            {
                throw AttachmentNotFound(id);
            }
        }
    }

    private async Task<List<AttachmentEntity>> TakeAttachmentsAsync(string conversationId, NewMessage message, CancellationToken cancellationToken)
    {
        var taken = new List<AttachmentEntity>(message.AttachmentIds.Count);
        foreach (var id in message.AttachmentIds.Distinct(StringComparer.Ordinal))
        {
            var response = await _table.GetEntityIfExistsAsync<AttachmentEntity>(
                conversationId, RowKeys.Attachment(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!IsUploadedBy(response, message))
            {
                throw AttachmentNotFound(id);
            }

            if (response.Value!.MessageSequence is { } sequence)
            {
                throw new MessagingException(MessagingError.Conflict, "attachment_already_sent",
                    $"Attachment '{id}' is already part of message {sequence}. Upload the file again to send it in another message.");
            }

            taken.Add(response.Value);
        }

        return taken;
    }

    private async Task<int> CountFromOtherPartyAfterAsync(string conversationId, PartyRole reader, long through, CancellationToken cancellationToken)
    {
        var other = ConversationSummary.Other(reader).ToString();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {conversationId} and RowKey ge {RowKeys.MessagesAfter(through)} and RowKey lt {RowKeys.MessageRangeEnd} and AuthorRole eq {other} and Status eq {nameof(MessageStatus.Delivered)}");
        var count = 0;
        await foreach (var _ in _table.QueryAsync<MessageEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    private static bool IsUploadedBy(NullableResponse<AttachmentEntity> response, NewMessage message) =>
        response.HasValue && response.Value!.UploaderId == message.AuthorId && response.Value.UploaderRole == message.AuthorRole.ToString();

    private static MessagingException AttachmentNotFound(string id) =>
        new(MessagingError.Invalid, "attachment_not_found", $"Attachment '{id}' was not uploaded by you to this conversation. Upload it first, then send its id.");

    private static MessagingException NotFound(string conversationId) =>
        new(MessagingError.NotFound, "conversation_not_found", $"Conversation '{conversationId}' does not exist or is not yours.");
}
