using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Serialization;
using Serverless.DurableTask.Tests.Conformance;
using Serverless.DurableTask.Tests.Conformance.Workflows;

namespace Serverless.DurableTask.Tests.Engine;

public sealed class WorkerTests
{
    [Fact]
    public async Task ClaimWindow_72HoursInVirtualTime_RunsInMilliseconds()
    {
        await using var host = new InMemoryTestHost(b =>
        {
            b.AddOrchestrator<ClaimWindowOrchestrator>().AddActivity<RemindActivity>();
            b.Services.AddSingleton<ReminderLog>();
        });
        var log = host.Services.GetRequiredService<ReminderLog>();
        DateTimeOffset start = host.UtcNow;
        var watch = Stopwatch.StartNew();

        string escalated = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ClaimWindowOrchestrator), "C1");
        string resolved = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ClaimWindowOrchestrator), "C2");
        await host.AdvanceTimeAsync(TimeSpan.FromHours(30));
        await host.Client.RaiseEventAsync(resolved, "resolved", "refund");
        var escalatedResult = await host.WaitForCompletionAsync(escalated);
        var resolvedResult = await host.WaitForCompletionAsync(resolved);
        watch.Stop();

        Assert.Equal("escalated", escalatedResult.ReadOutputAs<string>());
        Assert.Equal("resolved:refund", resolvedResult.ReadOutputAs<string>());
        Assert.Equal(["C1#1", "C1#2", "C2#1"], log.Items.Order());
        Assert.True(host.UtcNow - start >= TimeSpan.FromHours(72));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task CreateReplaySafeLogger_LogsEachStepOnceAndIsReplayingTracksReplay()
    {
        var capture = new CapturingLoggerProvider(typeof(LoggingOrchestrator).FullName!);
        await using var host = new InMemoryTestHost(b =>
        {
            b.AddOrchestrator<LoggingOrchestrator>();
            b.Services.AddSingleton<ILoggerProvider>(capture);
        });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LoggingOrchestrator));
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(["step 1", "step 2", "step 3"], capture.Lines);
        // The final replay sees steps 1-3 as replayed: each was first executed in an earlier episode.
        Assert.Equal([true, true, true], result.ReadOutputAs<List<bool>>());
    }

    [Fact]
    public async Task ProcessMessageAsync_HostDeliversEachMessage_WorkflowCompletesAndDuplicatesAreNoOps()
    {
        await using var host = new InMemoryTestHost(b => b.AddOrchestrator<HelloSequenceOrchestrator>().AddActivity<SayHelloActivity>());
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), new[] { "Kyiv", "Quito" });
        int invocations = 0;

        // Act as the Functions host: receive from the queues, invoke the handler twice per message (a redelivery), delete.
        while (true)
        {
            OrchestrationMessage? received = await ReceiveAsync(host);
            if (received is null)
            {
                break;
            }

            string text = JsonSerializer.Serialize(received, DurableTaskJsonContext.Default.OrchestrationMessage);
            string queue = received.IsActivityMessage ? "testhub-workitems" : "testhub-control-00";
            await host.Worker.ProcessMessageAsync(queue, text, received.MessageId, received.DequeueCount, CancellationToken.None);
            await host.Worker.ProcessMessageAsync(queue, text, received.MessageId, received.DequeueCount + 1, CancellationToken.None);
            host.InMemoryBackend.DeleteReceivedMessage(received);
            invocations++;
        }

        var result = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var history = await host.Backend.GetHistoryAsync(id, CancellationToken.None);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result!.RuntimeStatus);
        Assert.Equal(["Hello Kyiv!", "Hello Quito!"], result.ReadOutputAs<List<string>>());
        Assert.Equal(2, history.OfType<TaskCompletedEvent>().Count());
        Assert.True(invocations >= 5);
    }

    [Fact]
    public async Task ProcessMessageAsync_UnknownOrchestrator_ThrowsUntilLastDeliveryThenDeadLetters()
    {
        await using var host = new InMemoryTestHost(_ => { });
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("NotDeployed");
        OrchestrationMessage start = (await ReceiveAsync(host))!;
        string text = JsonSerializer.Serialize(start, DurableTaskJsonContext.Default.OrchestrationMessage);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Worker.ProcessMessageAsync("control", text, "q1", 1, CancellationToken.None));
        await host.Worker.ProcessMessageAsync("control", text, "q1", 5, CancellationToken.None);
        var deadLetters = await host.Backend.ListDeadLettersAsync(10, null, CancellationToken.None);

        var letter = Assert.Single(deadLetters.Items);
        Assert.Equal(id, letter.Message.InstanceId);
        Assert.Contains("NotDeployed", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessNextOrchestrationWorkItemAsync_WorkerCrashedOnEveryDelivery_DeadLettersInsteadOfLooping()
    {
        await using var host = new InMemoryTestHost(b => b.AddOrchestrator<HelloSequenceOrchestrator>().AddActivity<SayHelloActivity>());
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), new[] { "Baku" });
        for (int delivery = 0; delivery < 5; delivery++)
        {
            // A worker receives the message and dies before completing it; the lock expires.
            Assert.NotNull(await host.Backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None));
            host.Time.Advance(TimeSpan.FromMinutes(6));
        }

        bool processed = await host.Worker.ProcessNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        var deadLetters = await host.Backend.ListDeadLettersAsync(10, null, CancellationToken.None);
        var state = await host.Client.GetInstanceAsync(id);

        Assert.True(processed);
        var letter = Assert.Single(deadLetters.Items);
        Assert.Equal(6, letter.Message.DequeueCount);
        Assert.Contains("without being completed", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, state!.RuntimeStatus);
        Assert.Equal(0, host.InMemoryBackend.PendingMessageCount);
    }

    [Fact]
    public async Task Checkpoint_CompetingWriterCommitsFirst_StepIsRedoneOnFreshState()
    {
        await using var host = new InMemoryTestHost(b => b.AddOrchestrator<HelloSequenceOrchestrator>().AddActivity<SayHelloActivity>());
        int conflicts = 0;
        host.InMemoryBackend.BeforeCheckpoint = workItem =>
        {
            if (conflicts++ == 0 && workItem.State is not null)
            {
                // Another engine commits a step for the same instance between our read and our write.
                var competitor = host.Backend.LoadOrchestrationWorkItemAsync(workItem.Messages[0] with { Receipt = null }, CancellationToken.None).GetAwaiter().GetResult();
                host.Backend.CompleteOrchestrationWorkItemAsync(competitor, new OrchestrationCheckpoint
                {
                    NewHistory = [new GenericEvent(-1, host.UtcNow, "competitor")],
                    State = competitor.State! with { LastUpdatedAt = host.UtcNow },
                }, CancellationToken.None).GetAwaiter().GetResult();
            }
        };

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), new[] { "Accra" });
        var result = await host.WaitForCompletionAsync(id);
        var history = await host.Backend.GetHistoryAsync(id, CancellationToken.None);

        Assert.Equal(["Hello Accra!"], result.ReadOutputAs<List<string>>());
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Single(history.OfType<GenericEvent>());
    }

    [Fact]
    public async Task Orchestrator_AwaitingNonDurableTask_FailsWithClearError()
    {
        await using var host = new InMemoryTestHost(b => b.AddOrchestrator<ForeignAwaitOrchestrator>().AddActivity<SayHelloActivity>());

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ForeignAwaitOrchestrator));
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.True(result.FailureDetails!.IsCausedBy<InvalidOperationException>());
        Assert.Contains("not a durable task", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orchestrator_ContinueWithAndStartNew_RunOnTheOrchestrationScheduler()
    {
        await using var host = new InMemoryTestHost(b => b.AddOrchestrator<ContinuationOrchestrator>().AddActivity<SquareActivity>());

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ContinuationOrchestrator), 3);
        var result = await host.WaitForCompletionAsync(id);

        Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Completed, result.FailureDetails?.ToString());
        Assert.Equal(20, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task HostedService_PollingLoops_CompleteAWorkflowInRealTime()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDurableTask(b => b.UseInMemoryBackend().AddOrchestrator<FanOutOrchestrator>().AddActivity<SquareActivity>());
        builder.Services.Configure<DurableTaskOptions>(o =>
        {
            o.SystemKey = InMemoryTestHost.SystemKey;
            o.ReceiveTimeout = TimeSpan.FromMilliseconds(200);
        });
        using IHost app = builder.Build();
        await app.StartAsync();
        var client = app.Services.GetRequiredService<DurableTaskClient>();

        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 10);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        await app.StopAsync();

        Assert.Equal(385, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Options_WithoutSystemKey_FailValidationAtStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDurableTask(b => b.UseInMemoryBackend());
        using IHost app = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(nameof(DurableTaskOptions.SystemKey), ex.Message, StringComparison.Ordinal);
    }

    private static async Task<OrchestrationMessage?> ReceiveAsync(InMemoryTestHost host)
    {
        var workItem = await host.Backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        if (workItem is not null)
        {
            // One message at a time, as the host delivers them; the rest go back to the queue.
            await host.Backend.AbandonOrchestrationWorkItemAsync(workItem with { Messages = workItem.Messages.Skip(1).ToList() }, TimeSpan.Zero, CancellationToken.None);
            return workItem.Messages[0];
        }

        return (await host.Backend.LockNextActivityWorkItemAsync(TimeSpan.Zero, CancellationToken.None))?.Message;
    }
}
