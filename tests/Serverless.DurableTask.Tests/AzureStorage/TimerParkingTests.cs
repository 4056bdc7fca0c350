using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.AzureStorage.Messaging;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>Far-off delayed messages wait as rows of the Timers table and reach their queue through a wake-up, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerParkingTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SendMessageAsync_DueBeyondHorizon_WaitsAsRowWithOneWakeUpPerBucketAndArrivesWhenDue()
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
        var nothingYet = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(2), None);
        time.SetUtcNow(due.AddSeconds(6));
        var afterDue = new List<string>();
        for (var giveUp = DateTime.UtcNow.AddSeconds(10); afterDue.Count < 2 && DateTime.UtcNow < giveUp;)
        {
            var workItem = await backend.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), None);
            afterDue.AddRange(workItem?.Messages.Select(m => m.MessageId) ?? []);
        }

        var rowsAfter = await ParkedRowsAsync(backend);

        Assert.Equal(["p1", "p2"], rows.Select(r => r.RowKey).Order());
        Assert.All(rows, r => Assert.Equal("20261123110020", r.PartitionKey));
        Assert.Equal(2, queued); // one wake-up for both parked messages, and the undelayed message
        Assert.Equal("now", Assert.Single(beforeDue!.Messages).MessageId);
        Assert.Null(nothingYet);
        Assert.Equal(["p1", "p2"], afterDue.Order());
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
