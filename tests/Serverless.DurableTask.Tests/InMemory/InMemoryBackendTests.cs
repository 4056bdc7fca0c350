using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.InMemory;

namespace Serverless.DurableTask.Tests.InMemory;

public sealed class InMemoryBackendTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CompleteOrchestrationWorkItemAsync_StaleETag_ThrowsConflictAndCommitsNothing()
    {
        var backend = new InMemoryOrchestrationBackend(new FakeTimeProvider(Start));
        await CreateAsync(backend, "i1");
        var workItem = (await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None))!;
        var first = Checkpoint(workItem, "first");
        await backend.CompleteOrchestrationWorkItemAsync(workItem, first, CancellationToken.None);

        var second = Checkpoint(workItem, "second");
        await Assert.ThrowsAsync<CheckpointConflictException>(() => backend.CompleteOrchestrationWorkItemAsync(workItem, second, CancellationToken.None));
        var history = await backend.GetHistoryAsync("i1", CancellationToken.None);
        var state = await backend.GetStateAsync("i1", CancellationToken.None);

        Assert.Equal("first", Assert.Single(history.OfType<GenericEvent>()).Data);
        Assert.Equal(OrchestrationRuntimeStatus.Running, state!.RuntimeStatus);
    }

    [Fact]
    public async Task LockNextOrchestrationWorkItemAsync_InstanceLocked_IsNotHandedOutTwice()
    {
        var backend = new InMemoryOrchestrationBackend(new FakeTimeProvider(Start));
        await CreateAsync(backend, "i1");
        var first = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        await backend.SendMessageAsync(Raise("i1", "e1"), CancellationToken.None);

        var whileLocked = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        await backend.AbandonOrchestrationWorkItemAsync(first!, TimeSpan.Zero, CancellationToken.None);
        var afterAbandon = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Null(whileLocked);
        Assert.Equal(2, afterAbandon!.Messages.Count);
        Assert.Equal(2, afterAbandon.Messages[0].DequeueCount);
        Assert.Equal(1, afterAbandon.Messages[1].DequeueCount);
    }

    [Fact]
    public async Task LockNextOrchestrationWorkItemAsync_WorkerDiedHoldingLock_RedeliversAfterLockExpiry()
    {
        var time = new FakeTimeProvider(Start);
        var backend = new InMemoryOrchestrationBackend(time);
        await CreateAsync(backend, "i1");
        var dead = (await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None))!;

        var whileLocked = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(6));
        var redelivered = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        await backend.AbandonOrchestrationWorkItemAsync(dead, TimeSpan.Zero, CancellationToken.None);
        var afterLateAbandon = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Null(whileLocked);
        Assert.Equal(2, Assert.Single(redelivered!.Messages).DequeueCount);
        Assert.Null(afterLateAbandon);
    }

    [Fact]
    public async Task LockNextOrchestrationWorkItemAsync_MessageNotYetVisible_IsDeliveredOnlyWhenDue()
    {
        var time = new FakeTimeProvider(Start);
        var backend = new InMemoryOrchestrationBackend(time);
        await backend.SendMessageAsync(Raise("i1", "later") with { VisibleAt = Start.AddDays(8) }, CancellationToken.None);

        var early = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(8));
        var due = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Null(early);
        Assert.Equal("later", Assert.Single(due!.Messages).MessageId);
    }

    [Fact]
    public async Task CreateInstanceAsync_RunningInstance_ThrowsAndKeepsState()
    {
        var backend = new InMemoryOrchestrationBackend(new FakeTimeProvider(Start));
        await CreateAsync(backend, "i1");

        var ex = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => CreateAsync(backend, "i1", "exec2"));
        var state = await backend.GetStateAsync("i1", CancellationToken.None);

        Assert.Equal("i1", ex.InstanceId);
        Assert.Equal("exec1", state!.ExecutionId);
    }

    private static Task CreateAsync(InMemoryOrchestrationBackend backend, string id, string executionId = "exec1")
    {
        var state = new OrchestrationState
        {
            InstanceId = id,
            ExecutionId = executionId,
            Name = "Orch",
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            CreatedAt = Start,
            LastUpdatedAt = Start,
        };
        var start = new OrchestrationMessage
        {
            MessageId = $"{id}|{executionId}|start",
            InstanceId = id,
            ExecutionId = executionId,
            Event = new ExecutionStartedEvent(-1, Start, "Orch", executionId, null),
        };
        return backend.CreateInstanceAsync(state, start, CancellationToken.None);
    }

    private static OrchestrationMessage Raise(string id, string messageId) => new()
    {
        MessageId = messageId,
        InstanceId = id,
        Event = new EventRaisedEvent(-1, Start, "e", null),
    };

    private static OrchestrationCheckpoint Checkpoint(OrchestrationWorkItem workItem, string note) => new()
    {
        NewHistory = [new GenericEvent(-1, Start, note)],
        State = workItem.State! with { RuntimeStatus = OrchestrationRuntimeStatus.Running },
    };
}
