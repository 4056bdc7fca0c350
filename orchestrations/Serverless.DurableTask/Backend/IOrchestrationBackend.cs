using Serverless.DurableTask.History;

namespace Serverless.DurableTask.Backend;

/// <summary>Storage and messaging for the durable runtime: work items with an atomic checkpoint and outbox, the instance store and dead letters.</summary>
/// <remarks>
/// <para><b>Delivery.</b> Backends deliver messages at least once. The ENGINE deduplicates: it drops a
/// message whose <see cref="OrchestrationMessage.MessageId"/> is already recorded in the history of the
/// current execution, a completion for a task that already completed, and a message addressed to
/// another execution (<see cref="OrchestrationMessage.ExecutionId"/> set and different). A backend must
/// therefore never "fix up" duplicates itself, and must preserve message ids exactly.</para>
/// <para><b>Poison messages.</b> The engine (not the backend) decides dead-lettering: when a message's
/// <see cref="OrchestrationMessage.DequeueCount"/> exceeds <c>DurableTaskOptions.MaxDeliveryCount</c>, or
/// processing fails on its last allowed delivery, the engine calls <see cref="DeadLetterAsync"/>.
/// The backend must report <see cref="OrchestrationMessage.DequeueCount"/> truthfully (it grows on every
/// receive, including after an abandon or an expired lock).</para>
/// <para><b>Concurrency.</b> Correctness never depends on the lock: two engines may process the same
/// instance at once and the ETag check makes exactly one checkpoint win. For efficiency a backend should
/// avoid handing out two work items for the same instance at the same time within one process.</para>
/// <para>All methods are safe to call concurrently. Payload size limits (e.g. 64 KB queue messages,
/// 1 MB entity-group transactions, 100 entities per transaction) are the backend's business: large
/// inputs/outputs/events must be offloaded (e.g. to blobs) transparently.</para>
/// </remarks>
public interface IOrchestrationBackend
{
    /// <summary>Creates the underlying tables, queues and containers if they do not exist. Idempotent.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    // ---------------------------------------------------------------- orchestration work items

    /// <summary>
    /// Receives the next batch of visible control messages for ONE instance and loads that instance's
    /// state row, ETag and the history of its current execution. Waits up to <paramref name="receiveTimeout"/>
    /// for a message; returns null if none arrived. Messages not yet visible (<see cref="OrchestrationMessage.VisibleAt"/>
    /// in the future, by the backend's clock) are never returned. Messages of other instances received
    /// in the same queue batch must be kept for other work items (not lost, not dequeued twice needlessly).
    /// The returned messages stay invisible to other receivers until completed, abandoned or until the lock
    /// (visibility timeout, backend-defined, at least 1 minute) expires.
    /// </summary>
    Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Builds a work item for a control message that was received by someone else (the Functions host,
    /// custom-handler style; see <see cref="AcceptExternalMessageAsync"/>): loads the state, ETag and current
    /// history of <c>message.InstanceId</c>. The work item contains exactly this one message. On completion the
    /// backend must NOT delete the message (its <see cref="OrchestrationMessage.Receipt"/> is null): the host does.
    /// </summary>
    Task<OrchestrationWorkItem> LoadOrchestrationWorkItemAsync(OrchestrationMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Commits one engine step, then sends its outbox, then deletes the consumed messages. Contract, in order:
    /// <list type="number">
    /// <item>ATOMICALLY, guarded by <see cref="OrchestrationWorkItem.ETag"/> (insert-if-absent when it is null):
    /// append <see cref="OrchestrationCheckpoint.NewHistory"/> to the history of <c>checkpoint.State.ExecutionId</c>,
    /// write <see cref="OrchestrationCheckpoint.State"/> as the state row, and record every outbox message
    /// (activity, timer and instance messages) as pending outbox rows. If the ETag no longer matches (or the
    /// row exists when ETag is null) commit NOTHING and throw <see cref="CheckpointConflictException"/>.
    /// Either all of it is visible afterwards or none of it is; a reader must never see the state row
    /// ahead of or behind the history.</item>
    /// <item>Send every outbox message (honouring <see cref="OrchestrationMessage.VisibleAt"/>, chaining
    /// delays beyond the queue limit), then clear the outbox rows. If the process dies here, the pending
    /// outbox rows must be sent later: at the latest when the next work item of the same instance is
    /// completed (flush left-over outbox rows first), and preferably by a periodic sweep. Sending an
    /// outbox message twice is allowed (ids are deterministic, the receiver deduplicates).</item>
    /// <item>Delete the work item's <see cref="OrchestrationWorkItem.Messages"/> that have a
    /// <see cref="OrchestrationMessage.Receipt"/> (a lost delete only causes a redelivery, which the engine drops).</item>
    /// </list>
    /// When <see cref="OrchestrationCheckpoint.IsEmpty"/> is true and the state is unchanged the backend may
    /// skip step 1 (and must still delete the messages). A failure after step 1 must not be reported as a
    /// conflict. Returns after all three steps; throwing from step 2 or 3 is allowed (the engine logs and
    /// relies on redelivery and the outbox sweep).
    /// </summary>
    /// <exception cref="CheckpointConflictException">The instance changed since the work item was read; nothing was committed.</exception>
    Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the work item's messages back (those with a receipt) so they are delivered again after
    /// <paramref name="retryDelay"/> (TimeSpan.Zero: as soon as possible), with their dequeue count increased
    /// on the next receive. Releases the instance lock. Must not throw for a lost lock.
    /// </summary>
    Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, TimeSpan retryDelay, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- activity work items

    /// <summary>
    /// Receives the next visible activity work message, waiting up to <paramref name="receiveTimeout"/>;
    /// null if none. The message stays invisible to others until completed, abandoned or its lock expires.
    /// </summary>
    Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <paramref name="responseMessage"/> (a TaskCompleted or TaskFailed control message for the
    /// orchestration instance) and THEN deletes the activity message (if it has a receipt). The order
    /// matters: a crash between the two re-runs the activity (at least once) and the duplicate response,
    /// having the same deterministic message id, is dropped by the engine.
    /// </summary>
    Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, OrchestrationMessage responseMessage, CancellationToken cancellationToken);

    /// <summary>Gives the activity message back for redelivery after <paramref name="retryDelay"/>. Must not throw for a lost lock.</summary>
    Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, TimeSpan retryDelay, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- custom-handler style (one message from the host)

    /// <summary>
    /// Decodes one queue message that the Functions host received from one of this backend's queues and
    /// hands to us (custom-handler invocation). Returns the message with <see cref="OrchestrationMessage.DequeueCount"/>
    /// set from <paramref name="dequeueCount"/> and a null <see cref="OrchestrationMessage.Receipt"/>, or null when the
    /// backend handled it completely itself (e.g. a chained timer hop that was re-enqueued for its next hop,
    /// or an outbox-sweep trigger) and the engine has nothing to do. Throws for a queue that is not the
    /// backend's or a body it cannot decode (the host retries and eventually poisons it).
    /// </summary>
    Task<OrchestrationMessage?> AcceptExternalMessageAsync(string queueName, string messageText, string messageId, long dequeueCount, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- instance store (client operations)

    /// <summary>
    /// Creates (or re-creates) an instance: writes <paramref name="state"/> (status Pending) and sends
    /// <paramref name="executionStarted"/> (its event is an <see cref="ExecutionStartedEvent"/>; it may have a
    /// <see cref="OrchestrationMessage.VisibleAt"/> for a scheduled start). If a state row exists and is
    /// Pending, Running or Suspended, throws <see cref="OrchestrationAlreadyExistsException"/> and changes
    /// nothing; if it is Completed, Failed or Terminated, it is replaced (ETag-guarded: a concurrent create
    /// must also end in exactly one winner). The state write and the send must not be separable by a crash
    /// into "Pending forever": write the start message as an outbox row in the same transaction as the state.
    /// </summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is in use by a non-terminal instance.</exception>
    Task CreateInstanceAsync(OrchestrationState state, OrchestrationMessage executionStarted, CancellationToken cancellationToken);

    /// <summary>Sends one control message to its instance (raise event, terminate, suspend, resume). Honours VisibleAt.</summary>
    Task SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken);

    /// <summary>Reads an instance's state row; null if it does not exist.</summary>
    Task<OrchestrationState?> GetStateAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Reads the history of the instance's current execution, oldest first (empty if unknown).</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of instances matching <paramref name="query"/> (created-time range, statuses, id prefix),
    /// at most <see cref="OrchestrationQuery.PageSize"/> items, continuing from <see cref="OrchestrationQuery.ContinuationToken"/>.
    /// Without <see cref="OrchestrationQuery.FetchInputsAndOutputs"/> the payload properties may be null.
    /// </summary>
    Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a terminal instance's state, all its history and blobs. Returns false if it does not exist or is not terminal.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Purges every terminal instance matching the filter; returns how many were purged.</summary>
    Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- dead letters

    /// <summary>
    /// Stores <paramref name="message"/> with <paramref name="reason"/> as a dead letter and removes the delivery
    /// (if it has a receipt) from its queue, in that order (a crash between them may dead-letter it twice,
    /// never lose it). The message will not be delivered again unless replayed.
    /// </summary>
    Task DeadLetterAsync(OrchestrationMessage message, string reason, CancellationToken cancellationToken);

    /// <summary>Lists dead letters, oldest first, at most <paramref name="pageSize"/> per page.</summary>
    Task<DeadLetterPage> ListDeadLettersAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Re-sends a dead letter's original message (same MessageId, dequeue count starting afresh) and removes the dead letter. Returns false if no dead letter has this id.</summary>
    Task<bool> ReplayDeadLetterAsync(string deadLetterId, CancellationToken cancellationToken);
}
