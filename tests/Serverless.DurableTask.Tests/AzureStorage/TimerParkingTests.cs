using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.AzureStorage.Messaging;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>Far-off delayed messages wait as rows of the Timers table and reach their queue through a wake-up, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerParkingTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SendMessageAsync_DueBeyondHorizon_WaitsAsRowWithOneWakeUpPerBucketAndFiresWhenDueWithoutTheQueue()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, configure: o => o.MaxQueueVisibilityDelay = TimeSpan.FromSeconds(1)), time);
        DateTimeOffset due = time.GetUtcNow().AddHours(1).AddSeconds(20);
        await backend.SendMessageAsync(BackendFactory.Event("parked-a", "p1", "Fire", visibleAt: due), None);
        await backend.SendMessageAsync(BackendFactory.Event("parked-b", "p2", "Fire", visibleAt: due.AddSeconds(5)), None);
        await backend.SendMessageAsync(BackendFactory.Event("other", "now", "Fire"), None);

        var rows = await ParkedRowsAsync(backend);
        int queued = await QueuedCountAsync(backend);
        var beforeDue = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(3), None);
        await backend.CompleteOrchestrationWorkItemAsync(beforeDue!, OrchestrationCheckpoint.Empty(null), None);
        var nothingYet = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(2), None);
        time.SetUtcNow(due.AddSeconds(6));
        var afterDue = new List<string>();
        for (var giveUp = DateTime.UtcNow.AddSeconds(10); afterDue.Count < 2 && DateTime.UtcNow < giveUp;)
        {
            var workItem = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), None);
            if (workItem is not null)
            {
                afterDue.AddRange(workItem.Messages.Select(m => m.MessageId));
                await backend.CompleteOrchestrationWorkItemAsync(workItem, OrchestrationCheckpoint.Empty(null), None);
            }
        }

        int queuedAfter = await QueuedCountAsync(backend);
        var rowsAfter = await EventuallyAsync(() => ParkedRowsAsync(backend), r => r.Count == 0);

        Assert.Equal(["p1", "p2"], rows.Select(r => r.RowKey).Order());
        Assert.All(rows, r => Assert.Equal("20261123110020", r.PartitionKey));
        Assert.Equal(2, queued); // one wake-up for both parked messages, and the undelayed message
        Assert.Equal("now", Assert.Single(beforeDue!.Messages).MessageId);
        Assert.Null(nothingYet);
        Assert.Equal(["p1", "p2"], afterDue.Order());
        Assert.Equal(1, queuedAfter); // the timers fired in memory: only the bucket's re-check is queued
        Assert.Empty(rowsAfter);
    }

    [Fact]
    public async Task WakeUp_ProcessDiesBeforeTheStepCommits_ReCheckFiresTheTimerInAnotherProcess()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        // Short lock (the re-check comes after it) and one-second hops (the wake-up is due in an hour of fake time).
        static void Configure(AzureStorageOrchestrationOptions o)
        {
            o.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(2);
            o.MaxQueueVisibilityDelay = TimeSpan.FromSeconds(1);
        }

        var options = BackendFactory.Options(azurite.ConnectionString, configure: Configure);
        var dying = await BackendFactory.CreateAsync(options, time);
        DateTimeOffset due = time.GetUtcNow().AddHours(1);
        await dying.SendMessageAsync(BackendFactory.Event("orphan", "o1", "Fire", visibleAt: due), None);
        time.SetUtcNow(due.AddSeconds(1));

        var firedThenLost = await LockEventuallyAsync(dying);
        var survivor = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, options.TaskHubName, Configure), time);
        var refired = await LockEventuallyAsync(survivor);
        await survivor.CompleteOrchestrationWorkItemAsync(refired!, OrchestrationCheckpoint.Empty(null), None);
        var rowsAfter = await EventuallyAsync(() => ParkedRowsAsync(survivor), r => r.Count == 0);

        Assert.Equal("o1", Assert.Single(firedThenLost!.Messages).MessageId);
        Assert.Equal("o1", Assert.Single(refired!.Messages).MessageId);
        Assert.Empty(rowsAfter);
    }

    [Fact]
    public async Task AcceptExternalMessageAsync_DueWakeUp_MovesItsBucketIntoTheQueue()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var backend = await BackendFactory.CreateAsync(BackendFactory.Options(azurite.ConnectionString, configure: o => o.LocalDispatch = false), time);
        DateTimeOffset due = time.GetUtcNow().AddDays(10);
        await backend.SendMessageAsync(BackendFactory.Event("far", "f1", "Fire", visibleAt: due), None);
        string queue = backend.Names.ControlQueues[PartitionHash.Partition("far", 4)];
        string wakeUp = "wake:" + TimerParking.BucketOf(due);

        var early = await backend.AcceptExternalMessageAsync(backend.Names.ControlQueues[0], wakeUp, "w1", 1, None);
        int rowsWhileEarly = (await ParkedRowsAsync(backend)).Count;
        time.SetUtcNow(due.AddSeconds(1));
        var handled = await backend.AcceptExternalMessageAsync(backend.Names.ControlQueues[0], wakeUp, "w2", 1, None);
        var visible = await new QueueClient(azurite.ConnectionString, queue).PeekMessagesAsync(32);

        Assert.Null(early);
        Assert.Equal(1, rowsWhileEarly);
        Assert.Null(handled);
        Assert.Empty(await ParkedRowsAsync(backend));
        Assert.Contains(visible.Value, m => Base64Text(m.Body.ToString()).Contains("\"f1\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_HorizonShorterThanThreeMinutes_IsRefusedWithItsName()
    {
        var options = BackendFactory.Options(azurite.ConnectionString, configure: o => o.TimerParkingHorizon = TimeSpan.FromMinutes(1));

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(AzureStorageOrchestrationOptions.TimerParkingHorizon), error.ParamName);
    }

    private static async Task<OrchestrationWorkItem?> LockEventuallyAsync(AzureStorageOrchestrationBackend backend)
    {
        for (var giveUp = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < giveUp;)
        {
            if (await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), None) is { } workItem)
            {
                return workItem;
            }
        }

        return null;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        T value = await read();
        for (var giveUp = DateTime.UtcNow.AddSeconds(10); !done(value) && DateTime.UtcNow < giveUp; value = await read())
        {
            await Task.Delay(100);
        }

        return value;
    }

    private async Task<List<TableEntity>> ParkedRowsAsync(AzureStorageOrchestrationBackend backend)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in new TableClient(azurite.ConnectionString, backend.Names.TimersTable).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Messages in the control queues, visible or not.</summary>
    private async Task<int> QueuedCountAsync(AzureStorageOrchestrationBackend backend)
    {
        int count = 0;
        foreach (string name in backend.Names.ControlQueues)
        {
            var properties = await new QueueClient(azurite.ConnectionString, name).GetPropertiesAsync();
            count += properties.Value.ApproximateMessagesCount;
        }

        return count;
    }

    private static string Base64Text(string body) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body));
}
