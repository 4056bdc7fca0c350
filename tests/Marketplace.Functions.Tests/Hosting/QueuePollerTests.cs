using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>Self-hosted mode: the app polls its queues and calls the same handlers, retrying and dead-lettering like the host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueuePollerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly AzuriteFixture _azurite;
    private readonly TestAppFactory _factory;
    private readonly ScriptedQueueFunction _function;

    public QueuePollerTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new TestAppFactory(azurite);
        _function = new ScriptedQueueFunction(_factory.QueueName(PollerProbeFunction.Queue));
        _factory.WithServices(s => s.AddSingleton(_function).AddSingleton(sp => FunctionRegistry.FromAssemblies(
            [typeof(FunctionRegistry).Assembly, typeof(PollerProbeFunction).Assembly], sp.GetRequiredService<Storage.StorageNames>())));
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Poll_HandlerFailsTwice_SucceedsOnThirdDeliveryAndDeletesMessage()
    {
        _function.FailuresBeforeSuccess = 2;
        var queue = await StartAndGetQueueAsync(_function.QueueName);

        await queue.SendMessageAsync("{\"n\":1}");
        var success = await _function.WaitForSuccessAsync(Timeout);

        Assert.Equal("{\"n\":1}", success.MessageText);
        Assert.Equal(3, success.DequeueCount);
        Assert.Equal([1L, 2L, 3L], _function.Invocations.Select(i => i.DequeueCount));
        await WaitUntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
    }

    [Fact]
    public async Task Poll_FunctionDisabledBySetting_LeavesItsMessagesInTheQueue()
    {
        _factory.WithSetting($"AzureWebJobs.{PollerProbeFunction.Name}.Disabled", "true");
        var queue = await StartAndGetQueueAsync(_function.QueueName);

        await queue.SendMessageAsync("{\"n\":1}");
        // Enabled, the probe is polled every 50 ms here (the test above sees its first delivery within that): 40 intervals.
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(_function.Invocations);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Poll_HandlerAlwaysFails_MovesToPoisonAfterFiveDeliveries_ListedWithReason_RequeueProcessesIt()
    {
        _function.FailuresBeforeSuccess = int.MaxValue;
        var queue = await StartAndGetQueueAsync(_function.QueueName);
        var poison = _factory.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_function.QueueName + "-poison");
        const string body = "{\"order\":\"o-42\"}";

        await queue.SendMessageAsync(body);
        await WaitUntilAsync(async () => (await poison.PeekMessagesAsync()).Value.Length == 1);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], _function.Invocations.Select(i => i.DequeueCount));
        Assert.Equal(body, (await poison.PeekMessagesAsync()).Value.Single().Body.ToString());
        var admin = _factory.CreateClientFor(CallerRole.Admin, "admin-1");
        var listed = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/poison/{_function.QueueName}");
        var message = Assert.Single(listed!["messages"]!.AsArray())!.AsObject();
        Assert.Equal(body.Length, message["bodyLength"]!.GetValue<int>());
        Assert.Null(message["body"]);
        Assert.Equal(typeof(InvalidOperationException).FullName, message["reason"]!["errorType"]!.GetValue<string>());
        Assert.Equal("Planned failure 5.", message["reason"]!["errorMessage"]!.GetValue<string>());
        Assert.Equal(5, message["reason"]!["deliveries"]!.GetValue<long>());
        var withBody = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/poison/{_function.QueueName}?includeBody=true");
        Assert.Equal(body, withBody!["messages"]![0]!["body"]!.GetValue<string>());

        _function.FailuresBeforeSuccess = 0;
        using var requeue = await admin.PostAsync(
            $"/api/admin/poison/{_function.QueueName}/{message["id"]!.GetValue<string>()}/requeue", null);

        Assert.Equal(HttpStatusCode.OK, requeue.StatusCode);
        var processed = await _function.WaitForSuccessAsync(Timeout);
        Assert.Equal(body, processed.MessageText);
        Assert.Equal(1, processed.DequeueCount);
        var after = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/poison/{_function.QueueName}");
        Assert.Empty(after!["messages"]!.AsArray());
    }

    [Fact]
    public async Task RequeueAll_MovesEveryPoisonMessageBack()
    {
        var queue = await StartAndGetQueueAsync(_function.QueueName);
        var poison = _factory.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_function.QueueName + "-poison");
        _function.FailuresBeforeSuccess = 0;
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("a");
        await poison.SendMessageAsync("b");
        var admin = _factory.CreateClientFor(CallerRole.Admin, "admin-1");

        using var response = await admin.PostAsync($"/api/admin/poison/{_function.QueueName}/requeue-all", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonObject>())!["requeued"]!.GetValue<int>());
        await WaitUntilAsync(() => Task.FromResult(_function.Invocations.Count == 2));
        Assert.Equal(["a", "b"], _function.Invocations.Select(i => i.MessageText).Order());
        Assert.Empty((await poison.PeekMessagesAsync()).Value);
        Assert.NotNull(queue);
    }

    [Fact]
    public async Task Poll_MessageAlreadyDeliveredTooOften_GoesToPoisonWithoutCallingHandler()
    {
        // Five deliveries that never settled (as if the process died each time), before the app (and its poller) starts.
        var queue = new QueueServiceClient(_azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(_function.QueueName);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("stuck");
        for (var i = 0; i < 5; i++)
        {
            var received = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        var poison = _factory.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_function.QueueName + "-poison");
        await WaitUntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1);

        Assert.Empty(_function.Invocations);
        var admin = _factory.CreateClientFor(CallerRole.Admin, "admin-1");
        var listed = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/poison/{_function.QueueName}");
        Assert.Contains("Delivered 6 times", listed!["messages"]![0]!["reason"]!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoisonList_UnknownQueue_Is404Problem()
    {
        var admin = _factory.CreateClientFor(CallerRole.Admin, "admin-1");

        using var response = await admin.GetAsync("/api/admin/poison/not-a-function-queue");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_queue", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Poll_HandlerOutlivesTheVisibilityTimeout_IsNotDeliveredAgainAndCompletes()
    {
        // 5 s, not less: renewals must get through a loaded machine's Azurite in time (they go every 1.7 s).
        _factory.WithSetting("Hosting:VisibilityTimeout", "00:00:05");
        _function.Duration = TimeSpan.FromSeconds(12);
        var queue = await StartAndGetQueueAsync(_function.QueueName);

        await queue.SendMessageAsync("slow");
        await WaitUntilAsync(() => Task.FromResult(!_function.Invocations.IsEmpty));
        await AssertNobodyElseCanReceiveAsync(_function.QueueName, TimeSpan.FromSeconds(9));
        var success = await _function.WaitForSuccessAsync(Timeout);

        Assert.Equal(1, success.DequeueCount);
        // Deleted with the receipt of the last renewal: nothing comes back after another visibility timeout either.
        await WaitUntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal([1L], _function.Invocations.Select(i => i.DequeueCount));
    }

    [Fact]
    public async Task Poll_AppDiesWhileItsHandlerRuns_MessageVisibleAgainWithinTheVisibilityTimeout()
    {
        var link = new SeveredQueueLink(_function.QueueName);
        _factory.WithSetting("Hosting:VisibilityTimeout", "00:00:05").WithServices(services =>
        {
            var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            options.AddPolicy(link, Azure.Core.HttpPipelinePosition.PerCall);
            services.AddSingleton(new QueueServiceClient(_azurite.ConnectionString, options));
        });
        _function.HangUntilCancelled = true;
        var queue = await StartAndGetQueueAsync(_function.QueueName);
        var observer = ObserverOf(_function.QueueName);

        await queue.SendMessageAsync("in flight");
        await WaitUntilAsync(() => Task.FromResult(!_function.Invocations.IsEmpty));
        await AssertNobodyElseCanReceiveAsync(_function.QueueName, TimeSpan.FromSeconds(7)); // renewed while the handler runs
        link.Sever(); // from storage's side the app is gone: no renewal, no delete
        var severedAt = DateTime.UtcNow;
        Azure.Storage.Queues.Models.QueueMessage? again = null;
        while (again is null && DateTime.UtcNow - severedAt < Timeout)
        {
            again = (await observer.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            await Task.Delay(again is null ? 100 : 0);
        }

        Assert.NotNull(again);
        Assert.Equal("in flight", again.Body.ToString());
        Assert.Equal(2, again.DequeueCount);
        // At most 5 s; the margin is for a loaded machine (a full test run keeps Azurite busy), still far below the 30 s default.
        Assert.True(DateTime.UtcNow - severedAt < TimeSpan.FromSeconds(15), $"Visible again after {DateTime.UtcNow - severedAt}; expected within about 5 s.");
    }

    [Fact]
    public void VisibilityTimeout_AsShipped_IsShortSoACrashedInstancesMessagesComeBackSoon()
    {
        using var factory = new TestAppFactory(_azurite).WithoutSetting("Hosting:VisibilityTimeout");

        var shipped = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.HostingOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), shipped.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), new Configuration.HostingOptions().VisibilityTimeout);
    }

    [Fact]
    public void RetryDelay_DoublesPerDeliveryUpToTheCap()
    {
        var settings = new Configuration.HostingOptions { RetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromSeconds(50) };

        Assert.Equal(
            [10, 20, 40, 50, 50],
            new long[] { 1, 2, 3, 4, 5 }.Select(n => (int)SelfHost.QueuePoller.RetryDelay(settings, n).TotalSeconds));
    }

    private async Task<QueueClient> StartAndGetQueueAsync(string name)
    {
        _ = _factory.Server; // starts the app, and with it the poller
        var queues = _factory.Services.GetRequiredService<QueueServiceClient>();
        var queue = queues.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync();
        // The poller creates its poison queue when its loop starts, which may be after a test's first peek at it.
        await queues.GetQueueClient(name + "-poison").CreateIfNotExistsAsync();
        return queue;
    }

    /// <summary>Another consumer of the queue (a second instance of the app, say), outside the app under test.</summary>
    private QueueClient ObserverOf(string queueName) =>
        new(_azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>For <paramref name="duration"/>, another consumer trying to receive from the queue finds nothing.</summary>
    private async Task AssertNobodyElseCanReceiveAsync(string queueName, TimeSpan duration)
    {
        var observer = ObserverOf(queueName);
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            var stolen = (await observer.ReceiveMessageAsync(TimeSpan.FromSeconds(1))).Value;
            Assert.True(stolen is null, $"Another consumer received the message in flight (delivery {stolen?.DequeueCount}).");
            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(50);
        }
    }
}
