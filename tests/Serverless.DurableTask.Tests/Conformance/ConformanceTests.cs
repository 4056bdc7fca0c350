using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Tests.Conformance.Workflows;

namespace Serverless.DurableTask.Tests.Conformance;

/// <summary>The behaviour every backend must show, written once; a subclass supplies the host (in-memory in virtual time, Azurite, ...).</summary>
public abstract class ConformanceTests
{
    /// <summary>Creates a host with the given registrations (the host adds its backend).</summary>
    protected abstract Task<TestHost> CreateHostAsync(Action<DurableTaskBuilder> configure, Action<DurableTaskOptions>? configureOptions = null);

    private Task<TestHost> CreateDefaultHostAsync(Action<DurableTaskBuilder>? extra = null) => CreateHostAsync(b =>
    {
        b.AddActivity<SayHelloActivity>().AddActivity<SquareActivity>().AddActivity<FlakyActivity>();
        b.Services.AddSingleton<CallRecorder>();
        b.AddOrchestrator<HelloSequenceOrchestrator>()
            .AddOrchestrator<FanOutOrchestrator>()
            .AddOrchestrator<RetryOrchestrator>()
            .AddOrchestrator<LongTimerOrchestrator>()
            .AddOrchestrator<DelayedApprovalOrchestrator>()
            .AddOrchestrator<ReplyDeadlineOrchestrator>()
            .AddOrchestrator<WaitWithTimeoutOrchestrator>()
            .AddOrchestrator<TickCounterOrchestrator>()
            .AddOrchestrator<CustomStatusOrchestrator>()
            .AddOrchestrator<GuidOrchestrator>()
            .AddOrchestrator<ChildOrchestrator>()
            .AddOrchestrator<ParentOrchestrator>()
            .AddOrchestrator<CounterOrchestrator>()
            .AddOrchestrator<NotifierOrchestrator>()
            .AddOrchestrator<FanOutWithFailureOrchestrator>();
        extra?.Invoke(b);
    });

    [Fact]
    public async Task CallActivityAsync_Sequence_ReturnsResultsInOrder()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), new[] { "Tokyo", "Seattle", "London" });

        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], result.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task CallActivityAsync_FanOutFanIn_AggregatesAllResults()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 20);

        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 20).Sum(i => i * i), result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task WhenAll_OneActivityFails_SurfacesTaskFailedExceptionAfterOthersComplete()
    {
        await using var host = await CreateDefaultHostAsync();
        host.Services.GetRequiredService<CallRecorder>().FailuresBeforeSuccess = 100;
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutWithFailureOrchestrator));

        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal("FlakyActivity failed; squares=14", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SendEvent_ToAnotherInstance_IsDeliveredAsExternalEvent()
    {
        await using var host = await CreateDefaultHostAsync();
        string waiter = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();

        string notifier = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(NotifierOrchestrator), waiter);
        var notified = await host.WaitForCompletionAsync(notifier);
        var result = await host.WaitForCompletionAsync(waiter);
        var history = await host.Backend.GetHistoryAsync(notifier, CancellationToken.None);

        Assert.Equal("sent", notified.ReadOutputAs<string>());
        Assert.Equal($"from {notifier}", result.ReadOutputAs<string>());
        Assert.Equal(waiter, Assert.Single(history.OfType<EventSentEvent>()).InstanceId);
    }

    [Fact]
    public async Task PurgeAllInstancesAsync_ByFilter_PurgesOnlyFinishedMatches()
    {
        await using var host = await CreateDefaultHostAsync();
        string done = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), new[] { "Bern" });
        string running = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();
        await host.AdvanceTimeAsync(TimeSpan.FromHours(1));
        string later = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), new[] { "Riga" });
        await host.RunUntilIdleAsync();

        var purged = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: host.UtcNow.AddMinutes(-30)));

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(done));
        Assert.NotNull(await host.Client.GetInstanceAsync(running));
        Assert.NotNull(await host.Client.GetInstanceAsync(later));
    }

    [Fact]
    public async Task CallActivityAsync_RetryPolicy_RetriesOnDurableTimersUntilSuccess()
    {
        await using var host = await CreateDefaultHostAsync();
        var recorder = host.Services.GetRequiredService<CallRecorder>();
        recorder.FailuresBeforeSuccess = 2;
        DateTimeOffset start = host.UtcNow;
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryOrchestrator), new RetryInput(5));

        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("done after 3 calls", result.ReadOutputAs<string>());
        Assert.Equal(3, recorder.Keys.Distinct().Count());
        Assert.True(host.UtcNow - start >= TimeSpan.FromMinutes(3), "back-off of 1 + 2 minutes must have elapsed");
    }

    [Fact]
    public async Task CallActivityAsync_RetriesExhausted_FailsWithFailureDetails()
    {
        await using var host = await CreateDefaultHostAsync();
        var recorder = host.Services.GetRequiredService<CallRecorder>();
        recorder.FailuresBeforeSuccess = 100;
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryOrchestrator), new RetryInput(3));

        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(3, recorder.Keys.Count);
        Assert.NotNull(result.FailureDetails);
        Assert.True(result.FailureDetails!.IsCausedBy<TaskFailedException>());
        Assert.Equal(typeof(InvalidOperationException).FullName, result.FailureDetails.InnerFailure!.ErrorType);
        Assert.Equal("Flaky failure #3", result.FailureDetails.InnerFailure.ErrorMessage);
    }

    [Fact]
    public async Task CreateTimer_LongerThanSevenDays_FiresAtItsTime()
    {
        await using var host = await CreateDefaultHostAsync();
        DateTimeOffset start = host.UtcNow;
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LongTimerOrchestrator), 10);

        await host.AdvanceTimeAsync(TimeSpan.FromDays(9));
        var early = await host.Client.GetInstanceAsync(id);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, early!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        DateTime firedAt = result.ReadOutputAs<DateTime>();
        Assert.True(firedAt >= start.UtcDateTime.AddDays(10), $"fired at {firedAt:O}, before its time");
        Assert.True(firedAt < start.UtcDateTime.AddDays(10).AddMinutes(5), $"fired at {firedAt:O}, far after its time");
    }

    [Fact]
    public async Task WaitForExternalEvent_EventRaisedBeforeWait_IsBuffered()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(DelayedApprovalOrchestrator));
        await host.RunUntilIdleAsync();

        await host.Client.RaiseEventAsync(id, "approval", new ApprovalEvent(true, "finance"));
        await host.RunUntilIdleAsync();
        var stillWaiting = await host.Client.GetInstanceAsync(id);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, stillWaiting!.RuntimeStatus);
        Assert.Equal("approved by finance", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventRaisedAfterWait_Completes()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(DelayedApprovalOrchestrator));
        await host.AdvanceTimeAsync(TimeSpan.FromHours(2));

        await host.Client.RaiseEventAsync(id, "APPROVAL", new ApprovalEvent(false, "finance"));
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("rejected", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WhenAny_EventBeforeDeadline_EventWinsAndTimerIsCancelled()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyDeadlineOrchestrator), 24);
        await host.AdvanceTimeAsync(TimeSpan.FromHours(2));

        await host.Client.RaiseEventAsync(id, "reply", "thanks");
        await host.RunUntilIdleAsync();
        await host.AdvanceTimeAsync(TimeSpan.FromHours(30));
        var result = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result!.RuntimeStatus);
        Assert.Equal("replied:thanks:timerCancelled=True", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WhenAny_DeadlineBeforeEvent_TimerWinsAndLateEventIsIgnored()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyDeadlineOrchestrator), 24);

        await host.AdvanceTimeAsync(TimeSpan.FromHours(25));
        await host.Client.RaiseEventAsync(id, "reply", "too late");
        await host.RunUntilIdleAsync();
        var result = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result!.RuntimeStatus);
        Assert.Equal("deadline", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_Timeout_ThrowsTaskCanceled()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitWithTimeoutOrchestrator));

        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_WithTimeoutEventInTime_ReturnsEvent()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitWithTimeoutOrchestrator));
        await host.AdvanceTimeAsync(TimeSpan.FromHours(1));

        await host.Client.RaiseEventAsync(id, "answer", "42");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal("42", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildSucceeds_ParentGetsOutput()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOrchestrator), "Lima");

        var result = await host.WaitForCompletionAsync(id);
        var child = await host.Client.GetInstanceAsync($"{id}-child", getInputsAndOutputs: true);

        Assert.Equal("child said Hello Lima!", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildFails_ParentSeesTaskFailedException()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOrchestrator), "fail");

        var result = await host.WaitForCompletionAsync(id);
        var child = await host.Client.GetInstanceAsync($"{id}-child");

        Assert.Equal("child failed: child refused", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
        Assert.Equal(typeof(InvalidOperationException).FullName, child.FailureDetails!.ErrorType);
    }

    [Fact]
    public async Task ContinueAsNew_BufferedEvents_CarriedOverToNewExecution()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CounterOrchestrator), 0);
        for (int i = 0; i < CounterOrchestrator.Target; i++)
        {
            await host.Client.RaiseEventAsync(id, "inc", i);
        }

        var result = await host.WaitForCompletionAsync(id);
        var history = await host.Backend.GetHistoryAsync(id, CancellationToken.None);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(CounterOrchestrator.Target, result.ReadOutputAs<int>());
        Assert.Equal("2", Assert.Single(history.OfType<ExecutionStartedEvent>()).Input);
    }

    [Fact]
    public async Task SetCustomStatus_IsVisibleToClientsWhileRunningAndAfter()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();
        var running = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        await host.Client.RaiseEventAsync(id, "go", "ok");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(new StatusInfo("waiting", 1), running!.ReadCustomStatusAs<StatusInfo>());
        Assert.Equal(new StatusInfo("done", 2), done.ReadCustomStatusAs<StatusInfo>());
    }

    [Fact]
    public async Task NewGuid_IsDeterministicAcrossReplays()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(GuidOrchestrator));

        var result = await host.WaitForCompletionAsync(id);
        Guid[] guids = result.ReadOutputAs<Guid[]>()!;

        Assert.Equal(result.ReadCustomStatusAs<Guid>(), guids[0]);
        Assert.NotEqual(guids[0], guids[1]);
    }

    [Fact]
    public async Task SuspendInstanceAsync_EventsWaitUntilResume()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();

        await host.Client.SuspendInstanceAsync(id, "investigating");
        await host.Client.RaiseEventAsync(id, "go", "after resume");
        await host.RunUntilIdleAsync();
        var suspended = await host.Client.GetInstanceAsync(id);
        await host.Client.ResumeInstanceAsync(id, "done investigating");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("after resume", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_WhileSuspended_Terminates()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();

        await host.Client.SuspendInstanceAsync(id);
        await host.RunUntilIdleAsync();
        await host.Client.RaiseEventAsync(id, "go", "held");
        await host.Client.TerminateInstanceAsync(id, "stopped while suspended");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("stopped while suspended", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_ThenPurge_RemovesInstance()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();

        var purgeWhileRunning = await host.Client.PurgeInstanceAsync(id);
        await host.Client.TerminateInstanceAsync(id, "cancelled by admin");
        var terminated = await host.WaitForCompletionAsync(id);
        await host.Client.RaiseEventAsync(id, "go", "ignored");
        await host.RunUntilIdleAsync();
        var afterEvent = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var purge = await host.Client.PurgeInstanceAsync(id);

        Assert.Equal(0, purgeWhileRunning.PurgedInstanceCount);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("cancelled by admin", terminated.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, afterEvent!.RuntimeStatus);
        Assert.Equal(1, purge.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_StartAt_StaysPendingUntilThen()
    {
        await using var host = await CreateDefaultHostAsync();
        DateTimeOffset startAt = host.UtcNow.AddHours(3);
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(HelloSequenceOrchestrator), new[] { "Oslo" }, new StartOrchestrationOptions(StartAt: startAt));

        await host.AdvanceTimeAsync(TimeSpan.FromHours(2));
        var pending = await host.Client.GetInstanceAsync(id);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(result.LastUpdatedAt >= startAt);
    }

    [Fact]
    public async Task RaiseEventAsync_BeforeScheduledStart_IsKeptUntilTheInstanceWaits()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CustomStatusOrchestrator), null, new StartOrchestrationOptions(StartAt: host.UtcNow.AddHours(1)));

        await host.Client.RaiseEventAsync(id, "go", "early bird");
        await host.RunUntilIdleAsync();
        var pending = await host.Client.GetInstanceAsync(id);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.Equal("early bird", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_BeforeScheduledStart_NeverRuns()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(HelloSequenceOrchestrator), new[] { "Nowhere" }, new StartOrchestrationOptions(StartAt: host.UtcNow.AddHours(1)));

        await host.Client.TerminateInstanceAsync(id, "not needed");
        await host.RunUntilIdleAsync();
        await host.AdvanceTimeAsync(TimeSpan.FromHours(2));
        var result = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var history = await host.Backend.GetHistoryAsync(id, CancellationToken.None);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result!.RuntimeStatus);
        Assert.Empty(history.OfType<TaskScheduledEvent>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_IdInUse_IsRefusedUntilFinished()
    {
        await using var host = await CreateDefaultHostAsync();
        var options = new StartOrchestrationOptions("order-42");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator), null, options);
        await host.RunUntilIdleAsync();

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator), null, options));
        await host.Client.RaiseEventAsync("order-42", "go", "first");
        var first = await host.WaitForCompletionAsync("order-42");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator), null, options);
        await host.RunUntilIdleAsync();
        await host.Client.RaiseEventAsync("order-42", "go", "second");
        var second = await host.WaitForCompletionAsync("order-42");

        Assert.Equal(OrchestrationRuntimeStatus.Running, refused.Status);
        Assert.Equal("first", first.ReadOutputAs<string>());
        Assert.Equal("second", second.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SendMessageAsync_SameMessageTwice_IsProcessedOnce()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TickCounterOrchestrator));
        await host.RunUntilIdleAsync();
        var tick = new OrchestrationMessage
        {
            MessageId = "tick-1",
            InstanceId = id,
            Event = new EventRaisedEvent(-1, host.UtcNow, "tick", "1"),
        };

        await host.Backend.SendMessageAsync(tick, CancellationToken.None);
        await host.RunUntilIdleAsync();
        await host.Backend.SendMessageAsync(tick, CancellationToken.None);
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(1, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Replay_OrchestratorChangedIncompatibly_FailsWithNonDeterminismError()
    {
        await using var host = await CreateDefaultHostAsync(b => b.AddOrchestrator("Versioned", typeof(VersionedOrchestratorV1)));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Versioned");
        await host.RunUntilIdleAsync();

        host.Registry.AddOrchestrator("Versioned", typeof(VersionedOrchestratorV2));
        await host.Client.RaiseEventAsync(id, "go", "now");
        var result = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.True(result.FailureDetails!.IsCausedBy<NonDeterministicOrchestrationException>());
        Assert.Contains("CallActivity('SayHelloActivity')", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CallActivity('SquareActivity')", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoisonMessage_AfterMaxDeliveryCount_IsDeadLetteredAndCanBeReplayed()
    {
        await using var host = await CreateDefaultHostAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LateDeployedOrchestrator), "deployed");

        await host.AdvanceTimeAsync(TimeSpan.FromMinutes(5));
        var deadLetters = await host.Backend.ListDeadLettersAsync(10, null, CancellationToken.None);
        var stuck = await host.Client.GetInstanceAsync(id);
        host.Registry.AddOrchestrator<LateDeployedOrchestrator>();
        bool replayed = await host.Backend.ReplayDeadLetterAsync(deadLetters.Items.Single().Id, CancellationToken.None);
        var result = await host.WaitForCompletionAsync(id);
        var afterReplay = await host.Backend.ListDeadLettersAsync(10, null, CancellationToken.None);

        var letter = Assert.Single(deadLetters.Items);
        Assert.Equal(id, letter.Message.InstanceId);
        Assert.Contains("No orchestrator named 'LateDeployedOrchestrator'", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(5, letter.Message.DequeueCount);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, stuck!.RuntimeStatus);
        Assert.True(replayed);
        Assert.Equal("finally deployed", result.ReadOutputAs<string>());
        Assert.Empty(afterReplay.Items);
    }

    [Fact]
    public async Task QueryInstancesAsync_ByStatusWithPaging_ReturnsEveryMatchOnce()
    {
        await using var host = await CreateDefaultHostAsync();
        DateTimeOffset from = host.UtcNow;
        var waiting = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            waiting.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator), null, new StartOrchestrationOptions($"q-wait-{i}")));
        }

        string done = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), new[] { "Rome" }, new StartOrchestrationOptions("q-done"));
        await host.RunUntilIdleAsync();

        var seen = new List<string>();
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], CreatedFrom = from, PageSize = 2, InstanceIdPrefix = "q-" };
        int pages = 0;
        while (true)
        {
            var page = await host.Client.QueryInstancesAsync(query);
            pages++;
            seen.AddRange(page.Instances.Select(i => i.InstanceId));
            if (page.ContinuationToken is null)
            {
                break;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }

        var completed = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix = "q-" }).ToListAsync();

        Assert.Equal(waiting.Order(), seen.Order());
        Assert.True(pages >= 3);
        Assert.Equal(done, Assert.Single(completed).InstanceId);
    }

    // A token is the backend's own position; one it did not issue threw whatever its parser threw (a 500 over HTTP).
    [Theory]
    [InlineData("garbage")]
    [InlineData("-1")]
    [InlineData("9223372036854775807|x")]
    [InlineData("99999999999999999999|x")]
    [InlineData("\u0661\u0662")]
    public async Task QueryInstancesAsync_ContinuationTokenItDidNotIssue_ThrowsInvalidContinuationToken(string token)
    {
        await using var host = await CreateDefaultHostAsync();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(
            () => host.Client.QueryInstancesAsync(new OrchestrationQuery { ContinuationToken = token }));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-1")]
    public async Task ListDeadLettersAsync_ContinuationTokenItDidNotIssue_ThrowsInvalidContinuationToken(string token)
    {
        await using var host = await CreateDefaultHostAsync();

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(
            () => host.Backend.ListDeadLettersAsync(10, token, CancellationToken.None));
    }
}
