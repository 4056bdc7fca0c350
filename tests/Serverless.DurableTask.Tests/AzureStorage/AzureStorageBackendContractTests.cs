using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>The backend contract against real Azurite: atomic checkpoint, outbox, delivery, payloads, timers, dead letters, queries.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageBackendContractTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Receive = TimeSpan.FromSeconds(5);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CompleteOrchestrationWorkItemAsync_TwoWorkersCommitSameStep_ExactlyOneWinsAndLoserCommitsNothing()
    {
        var options = BackendFactory.Options(azurite.ConnectionString);
        var a = await BackendFactory.CreateAsync(options);
        var b = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, options.TaskHubName));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await a.CreateInstanceAsync(BackendFactory.State("race", "e1", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("race", "e1", now), None);

        var fromA = await a.LockNextOrchestrationWorkItemAsync(Receive, None);
        var fromB = await b.LoadOrchestrationWorkItemAsync(fromA!.Messages[0], None);
        await a.CompleteOrchestrationWorkItemAsync(fromA, BackendFactory.FirstStep(fromA, now), None);
        var loser = await Assert.ThrowsAsync<CheckpointConflictException>(
            () => b.CompleteOrchestrationWorkItemAsync(fromB, BackendFactory.FirstStep(fromB, now.AddSeconds(1)), None));

        var history = await a.GetHistoryAsync("race", None);
        var state = await a.GetStateAsync("race", None);
        var activity = await a.LockNextActivityWorkItemAsync(Receive, None);
        var secondActivity = await a.LockNextActivityWorkItemAsync(TimeSpan.FromSeconds(1), None);
        Assert.NotNull(loser);
        Assert.Equal(4, history.Count);
        Assert.All(history, e => Assert.Equal(now, e.Timestamp));
        Assert.Equal(OrchestrationRuntimeStatus.Running, state!.RuntimeStatus);
        Assert.Equal("race|e1|0|activity", activity!.Message.MessageId);
        Assert.Null(secondActivity);
    }

    [Fact]
    public async Task CompleteOrchestrationWorkItemAsync_StaleETagAfterOtherCommit_ThrowsConflictAndKeepsState()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await backend.CreateInstanceAsync(BackendFactory.State("stale", "e1", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("stale", "e1", now), None);
        var workItem = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        var stale = workItem! with { ETag = "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"" };

        await Assert.ThrowsAsync<CheckpointConflictException>(() => backend.CompleteOrchestrationWorkItemAsync(stale, BackendFactory.FirstStep(stale, now), None));

        Assert.Empty(await backend.GetHistoryAsync("stale", None));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await backend.GetStateAsync("stale", None))!.RuntimeStatus);
    }

    [Fact]
    public async Task CompleteOrchestrationWorkItemAsync_CrashAfterCommitBeforeSend_SweepSendsOutbox()
    {
        var options = BackendFactory.Options(azurite.ConnectionString, configure: o => o.OutboxSweepMinAge = TimeSpan.Zero);
        var crashing = await BackendFactory.CreateAsync(options);
        crashing.FaultHook = (stage, _) => throw new SimulatedCrashException(stage);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await crashing.CreateInstanceAsync(BackendFactory.State("crash", "e1", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("crash", "e1", now), None);
        var workItem = await crashing.LockNextOrchestrationWorkItemAsync(Receive, None);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.CompleteOrchestrationWorkItemAsync(workItem!, BackendFactory.FirstStep(workItem!, now), None));
        var restarted = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, options.TaskHubName, o => o.OutboxSweepMinAge = TimeSpan.Zero));
        var beforeSweep = await restarted.LockNextActivityWorkItemAsync(TimeSpan.FromSeconds(1), None);
        int flushed = await restarted.SweepOutboxAsync(None);
        var afterSweep = await restarted.LockNextActivityWorkItemAsync(Receive, None);
        int flushedAgain = await restarted.SweepOutboxAsync(None);

        Assert.Null(beforeSweep);
        Assert.Equal(1, flushed);
        Assert.Equal("crash|e1|0|activity", afterSweep!.Message.MessageId);
        Assert.Equal(0, flushedAgain);
        Assert.Equal(4, (await restarted.GetHistoryAsync("crash", None)).Count);
    }

    [Fact]
    public async Task SweepOutboxAsync_RowYoungerThanMinAge_IsLeftListedThenSentOnceOldEnough()
    {
        var options = BackendFactory.Options(azurite.ConnectionString, configure: o => o.OutboxSweepMinAge = TimeSpan.FromHours(1));
        var crashing = await BackendFactory.CreateAsync(options);
        crashing.FaultHook = (stage, _) => throw new SimulatedCrashException(stage);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await crashing.CreateInstanceAsync(BackendFactory.State("young", "e1", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("young", "e1", now), None);
        var workItem = await crashing.LockNextOrchestrationWorkItemAsync(Receive, None);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.CompleteOrchestrationWorkItemAsync(workItem!, BackendFactory.FirstStep(workItem!, now), None));
        var index = new Azure.Data.Tables.TableClient(azurite.ConnectionString, crashing.Names.OutboxIndexTable);

        var patient = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, options.TaskHubName, o => o.OutboxSweepMinAge = TimeSpan.FromHours(1)));
        int flushedYoung = await patient.SweepOutboxAsync(None);
        int listedYoung = await CountAsync(index.QueryAsync<Azure.Data.Tables.TableEntity>());
        var eager = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, options.TaskHubName, o => o.OutboxSweepMinAge = TimeSpan.Zero));
        int flushedOld = await eager.SweepOutboxAsync(None);
        int listedOld = await CountAsync(index.QueryAsync<Azure.Data.Tables.TableEntity>());
        var activity = await eager.LockNextActivityWorkItemAsync(Receive, None);

        Assert.Equal(0, flushedYoung);
        Assert.InRange(listedYoung, 1, 2); // one listing per minute the instance wrote outbox rows in
        Assert.Equal(1, flushedOld);
        Assert.Equal(0, listedOld);
        Assert.Equal("young|e1|0|activity", activity!.Message.MessageId);
    }

    [Fact]
    public async Task CreateInstanceAsync_FinishedInstanceLeftUnsentMessages_NewExecutionSendsThem()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await backend.CreateInstanceAsync(BackendFactory.State("again", "e1", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("again", "e1", now), None);
        var first = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        var start = (ExecutionStartedEvent)first!.Messages[0].Event;
        var completesAndNotifies = new OrchestrationCheckpoint
        {
            NewHistory =
            [
                new OrchestratorStartedEvent(-1, now),
                start with { MessageId = first.Messages[0].MessageId },
                new EventSentEvent(0, now, "other", "Done", null),
                new ExecutionCompletedEvent(1, now, OrchestrationRuntimeStatus.Completed, null),
                new OrchestratorCompletedEvent(-1, now),
            ],
            State = BackendFactory.State("again", "e1", OrchestrationRuntimeStatus.Completed, now),
            InstanceMessages = [BackendFactory.Event("other", "again|e1|0|event", "Done")],
        };
        backend.FaultHook = (stage, _) => throw new SimulatedCrashException(stage);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => backend.CompleteOrchestrationWorkItemAsync(first, completesAndNotifies, None));
        backend.FaultHook = null;

        await backend.CreateInstanceAsync(BackendFactory.State("again", "e2", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("again", "e2", now), None);
        var second = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        await backend.CompleteOrchestrationWorkItemAsync(second!, BackendFactory.FirstStep(second!, now), None);
        var delivered = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);

        Assert.Equal("e2", ((ExecutionStartedEvent)second!.Messages[0].Event).ExecutionId);
        Assert.Equal("other", delivered!.InstanceId);
        Assert.Equal("again|e1|0|event", Assert.Single(delivered.Messages).MessageId);
    }

    [Fact]
    public async Task CompleteOrchestrationWorkItemAsync_LeftOverOutbox_IsFlushedByNextStepOfInstance()
    {
        var options = BackendFactory.Options(azurite.ConnectionString, configure: o => o.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30));
        var backend = await BackendFactory.CreateAsync(options);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await backend.CreateInstanceAsync(BackendFactory.State("flush", "e1", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("flush", "e1", now), None);
        var first = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        backend.FaultHook = (stage, _) => throw new SimulatedCrashException(stage);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => backend.CompleteOrchestrationWorkItemAsync(first!, BackendFactory.FirstStep(first!, now), None));
        backend.FaultHook = null;
        await backend.AbandonOrchestrationWorkItemAsync(first!, TimeSpan.Zero, None);

        // The redelivered start message is a duplicate: the engine would produce an empty checkpoint.
        var second = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        await backend.CompleteOrchestrationWorkItemAsync(second!, OrchestrationCheckpoint.Empty(second!.State), None);
        var activity = await backend.LockNextActivityWorkItemAsync(Receive, None);

        Assert.Equal(4, second.History.Count);
        Assert.Equal("crash|e1|0|activity".Replace("crash", "flush", StringComparison.Ordinal), activity!.Message.MessageId);
        Assert.Null(await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), None));
    }

    [Fact]
    public async Task LockNextOrchestrationWorkItemAsync_AbandonedMessage_RedeliveredWithSameIdAndHigherDequeueCount()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString));
        await backend.SendMessageAsync(BackendFactory.Event("i1", "msg-é/#?%", "Ping", "1"), None);
        await backend.SendMessageAsync(BackendFactory.Event("i1", "msg-é/#?%", "Ping", "1"), None);

        var first = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        await backend.AbandonOrchestrationWorkItemAsync(first!, TimeSpan.Zero, None);
        var again = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);

        Assert.Equal(2, first!.Messages.Count);
        Assert.All(first.Messages, m => Assert.Equal("msg-é/#?%", m.MessageId));
        Assert.All(first.Messages, m => Assert.Equal(1, m.DequeueCount));
        Assert.Equal(2, again!.Messages.Count);
        Assert.All(again.Messages, m => Assert.Equal(2, m.DequeueCount));
    }

    [Fact]
    public async Task LockNextOrchestrationWorkItemAsync_MessagesOfLockedInstance_WaitForItsRelease()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, configure: o => o.PartitionCount = 1));
        await backend.SendMessageAsync(BackendFactory.Event("busy", "m1", "A"), None);
        var first = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        await backend.SendMessageAsync(BackendFactory.Event("busy", "m2", "B"), None);
        await backend.SendMessageAsync(BackendFactory.Event("other", "m3", "C"), None);

        var whileLocked = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        await backend.CompleteOrchestrationWorkItemAsync(first!, OrchestrationCheckpoint.Empty(null), None);
        var afterRelease = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);

        Assert.Equal("other", whileLocked!.InstanceId);
        Assert.Equal("busy", afterRelease!.InstanceId);
        Assert.Equal("m2", Assert.Single(afterRelease.Messages).MessageId);
    }

    [Fact]
    public async Task PartitionHash_InstanceId_IsStableFnv1aAndRoutesToItsControlQueue()
    {
        var options = BackendFactory.Options(azurite.ConnectionString);
        var backend = await BackendFactory.CreateAsync(options);
        string id = "order-42";
        int partition = PartitionHash.Partition(id, 4);
        await backend.SendMessageAsync(BackendFactory.Event(id, "p1", "X"), None);
        var queue = new QueueClient(azurite.ConnectionString, backend.Names.ControlQueues[partition]);
        var peeked = await queue.PeekMessagesAsync(1);

        Assert.Equal(0x811C9DC5u, PartitionHash.Fnv1a(string.Empty));
        Assert.Equal(0xE40C292Cu, PartitionHash.Fnv1a("a"));
        Assert.Equal((int)(PartitionHash.Fnv1a(id) % 4), partition);
        Assert.Single(peeked.Value);
        Assert.Equal($"{options.TaskHubName.ToLowerInvariant()}-control-0{partition}", backend.Names.ControlQueues[partition]);
        Assert.Equal(5, backend.Names.AllQueues.Count);
    }

    [Fact]
    public async Task LargePayloads_StateEventAndHistory_RoundTripThroughBlobs()
    {
        // Queues only (no local dispatch): the start message itself goes through a queue and a blob.
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, configure: o => o.LocalDispatch = false));
        string big = "\"" + new string('x', 200_000) + "\"";
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await backend.CreateInstanceAsync(BackendFactory.State("large", "e1", OrchestrationRuntimeStatus.Pending, now, big), BackendFactory.Start("large", "e1", now, big), None);
        await backend.SendMessageAsync(BackendFactory.Event("large", "big-event", "Big", big), None);

        var workItem = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        var checkpoint = BackendFactory.FirstStep(workItem!, now);
        await backend.CompleteOrchestrationWorkItemAsync(workItem!, checkpoint with { State = checkpoint.State! with { Input = big } }, None);
        var state = await backend.GetStateAsync("large", None);
        var history = await backend.GetHistoryAsync("large", None);
        var container = new BlobContainerClient(azurite.ConnectionString, backend.Names.LargeMessageContainer);
        int blobs = 0;
        await foreach (var blob in container.GetBlobsAsync())
        {
            blobs++;
        }

        Assert.Equal(2, workItem!.Messages.Count);
        Assert.Equal(big, ((ExecutionStartedEvent)workItem.Messages.Single(m => m.Event is ExecutionStartedEvent).Event).Input);
        Assert.Equal(big, ((EventRaisedEvent)workItem.Messages.Single(m => m.Event is EventRaisedEvent).Event).Input);
        Assert.Equal(big, state!.Input);
        Assert.Equal(big, history.OfType<ExecutionStartedEvent>().Single().Input);
        Assert.True(blobs >= 4, $"expected blobs for messages, state and history, found {blobs}");
    }

    [Fact]
    public async Task SendMessageAsync_DelayBeyondQueueLimit_IsChainedAndDeliveredWhenDue()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, configure: o => o.MaxQueueVisibilityDelay = TimeSpan.FromSeconds(2)));
        DateTimeOffset due = DateTimeOffset.UtcNow.AddSeconds(7);
        await backend.SendMessageAsync(BackendFactory.Event("timer", "t1", "Fire", visibleAt: due), None);

        var early = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(3), None);
        var onTime = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(10), None);
        DateTimeOffset receivedAt = DateTimeOffset.UtcNow;

        Assert.Null(early);
        Assert.Equal("t1", Assert.Single(onTime!.Messages).MessageId);
        Assert.True(receivedAt >= due, $"delivered {(due - receivedAt).TotalMilliseconds} ms early");
        Assert.True(receivedAt < due.AddSeconds(3), $"delivered {(receivedAt - due).TotalMilliseconds} ms late");
    }

    [Fact]
    public async Task AcceptExternalMessageAsync_EarlyHop_ReEnqueuesAndReturnsNull()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, configure: o => o.MaxQueueVisibilityDelay = TimeSpan.FromSeconds(2)));
        string json = System.Text.Json.JsonSerializer.Serialize(
            BackendFactory.Event("ext", "h1", "Fire", visibleAt: DateTimeOffset.UtcNow.AddHours(1)),
            Serialization.DurableTaskJsonContext.Default.OrchestrationMessage);
        string queue = backend.Names.ControlQueues[PartitionHash.Partition("ext", 4)];

        var hop = await backend.AcceptExternalMessageAsync(queue, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)), "q1", 1, None);
        var now = await backend.AcceptExternalMessageAsync(queue, json.Replace("\"visibleAt\"", "\"ignored\"", StringComparison.Ordinal), "q2", 3, None);
        var requeued = await new QueueClient(azurite.ConnectionString, queue).GetPropertiesAsync();

        Assert.Null(hop);
        Assert.Equal(1, requeued.Value.ApproximateMessagesCount);
        Assert.Equal(3, now!.DequeueCount);
        Assert.Null(now.Receipt);
        await Assert.ThrowsAsync<ArgumentException>(() => backend.AcceptExternalMessageAsync("not-ours", json, "q3", 1, None));
    }

    [Fact]
    public async Task DeadLetters_ListAndReplay_ResendsWithFreshDequeueCount()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString));
        for (int i = 0; i < 3; i++)
        {
            await backend.SendMessageAsync(BackendFactory.Event($"dl{i}", $"poison{i}", "Bad"), None);
        }

        for (int i = 0; i < 3; i++)
        {
            var workItem = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
            await backend.DeadLetterAsync(workItem!.Messages[0], $"reason {workItem.InstanceId}", None);
            await backend.CompleteOrchestrationWorkItemAsync(workItem with { Messages = [] }, OrchestrationCheckpoint.Empty(null), None);
        }

        var nothingLeft = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), None);
        var page1 = await backend.ListDeadLettersAsync(2, null, None);
        var page2 = await backend.ListDeadLettersAsync(2, page1.ContinuationToken, None);
        bool replayed = await backend.ReplayDeadLetterAsync(page1.Items[0].Id, None);
        bool replayedTwice = await backend.ReplayDeadLetterAsync(page1.Items[0].Id, None);
        var redelivered = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        var remaining = await backend.ListDeadLettersAsync(10, null, None);

        Assert.Null(nothingLeft);
        Assert.Equal(2, page1.Items.Count);
        Assert.NotNull(page1.ContinuationToken);
        Assert.Single(page2.Items);
        Assert.Equal(3, page1.Items.Concat(page2.Items).Select(d => d.Message.MessageId).Distinct().Count());
        Assert.StartsWith("reason dl", page1.Items[0].Reason, StringComparison.Ordinal);
        Assert.True(replayed);
        Assert.False(replayedTwice);
        Assert.Equal(page1.Items[0].Message.MessageId, Assert.Single(redelivered!.Messages).MessageId);
        Assert.Equal(1, redelivered.Messages[0].DequeueCount);
        Assert.Equal(2, remaining.Items.Count);
    }

    [Fact]
    public async Task QueryInstancesAsync_FiltersAndPages_ReturnsEachMatchOnceInCreationOrder()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString));
        DateTimeOffset t0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 7; i++)
        {
            string id = i < 5 ? $"q/{i}" : $"z{i}";
            await backend.CreateInstanceAsync(BackendFactory.State(id, "e", OrchestrationRuntimeStatus.Pending, t0.AddMinutes(10 - i), "\"in\""), BackendFactory.Start(id, "e", t0), None);
        }

        var seen = new List<OrchestrationState>();
        var query = new OrchestrationQuery { InstanceIdPrefix = "q/", PageSize = 2, Statuses = [OrchestrationRuntimeStatus.Pending] };
        int pages = 0;
        do
        {
            var page = await backend.QueryInstancesAsync(query, None);
            seen.AddRange(page.Instances);
            query = query with { ContinuationToken = page.ContinuationToken };
            pages++;
        }
        while (query.ContinuationToken is not null);
        var ranged = await backend.QueryInstancesAsync(new OrchestrationQuery { CreatedFrom = t0.AddMinutes(5), CreatedTo = t0.AddMinutes(7), FetchInputsAndOutputs = true }, None);
        var running = await backend.QueryInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] }, None);

        Assert.Equal(3, pages);
        Assert.Equal(["q/4", "q/3", "q/2", "q/1", "q/0"], seen.Select(s => s.InstanceId));
        Assert.All(seen, s => Assert.Null(s.Input));
        Assert.Equal(["z5", "q/4"], ranged.Instances.Select(s => s.InstanceId));
        Assert.All(ranged.Instances, s => Assert.Equal("\"in\"", s.Input));
        Assert.Empty(running.Instances);
    }

    [Fact]
    public async Task CreateInstanceAsync_IdInUse_IsRefusedUntilTerminalThenReplaced()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await backend.CreateInstanceAsync(BackendFactory.State("dup", "e1", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("dup", "e1", now), None);

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => backend.CreateInstanceAsync(BackendFactory.State("dup", "e2", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("dup", "e2", now), None));
        var workItem = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        var checkpoint = BackendFactory.FirstStep(workItem!, now);
        await backend.CompleteOrchestrationWorkItemAsync(workItem!, checkpoint with { State = checkpoint.State! with { RuntimeStatus = OrchestrationRuntimeStatus.Completed }, ActivityMessages = [] }, None);
        await backend.CreateInstanceAsync(BackendFactory.State("dup", "e3", OrchestrationRuntimeStatus.Pending, now), BackendFactory.Start("dup", "e3", now), None);
        var replaced = await backend.GetStateAsync("dup", None);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, refused.Status);
        Assert.Equal("e3", replaced!.ExecutionId);
        Assert.Empty(await backend.GetHistoryAsync("dup", None));
    }

    [Fact]
    public async Task PurgeInstanceAsync_TerminalInstance_RemovesStateHistoryAndBlobs()
    {
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string big = "\"" + new string('y', 100_000) + "\"";
        await backend.CreateInstanceAsync(BackendFactory.State("purge", "e1", OrchestrationRuntimeStatus.Pending, now, big), BackendFactory.Start("purge", "e1", now), None);
        bool whilePending = await backend.PurgeInstanceAsync("purge", None);
        var workItem = await backend.LockNextOrchestrationWorkItemAsync(Receive, None);
        var checkpoint = BackendFactory.FirstStep(workItem!, now);
        await backend.CompleteOrchestrationWorkItemAsync(workItem!, checkpoint with { State = checkpoint.State! with { RuntimeStatus = OrchestrationRuntimeStatus.Failed, Input = big }, ActivityMessages = [] }, None);

        int purged = await backend.PurgeInstancesAsync(new PurgeInstancesFilter(now.AddMinutes(-1)), None);
        var container = new BlobContainerClient(azurite.ConnectionString, backend.Names.LargeMessageContainer);
        int blobs = 0;
        await foreach (var blob in container.GetBlobsAsync())
        {
            blobs++;
        }

        Assert.False(whilePending);
        Assert.Equal(1, purged);
        Assert.Null(await backend.GetStateAsync("purge", None));
        Assert.Empty(await backend.GetHistoryAsync("purge", None));
        Assert.Equal(0, blobs);
        Assert.False(await backend.PurgeInstanceAsync("purge", None));
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        int count = 0;
        await foreach (var unused in items)
        {
            count++;
        }

        return count;
    }
}
