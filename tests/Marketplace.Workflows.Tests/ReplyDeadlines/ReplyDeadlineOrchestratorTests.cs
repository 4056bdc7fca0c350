using System.Net;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>
/// The reply-deadline workflow on the in-process host, in scaled time: a 24-hour deadline with reminders 6 hours and
/// 1 hour before it. What the seller does at a given step (reply while a webhook is delivered, when a breach is
/// recorded…) runs inside that step's activity, so it reaches the orchestration before the step's result does, however
/// loaded the machine: only the orchestration's own timers depend on the clock.
/// </summary>
public sealed class ReplyDeadlineOrchestratorTests : IAsyncLifetime
{
    private const string ConversationId = "amazon~o~o-1";

    // 25 ms a scenario hour: the reminders are 125 ms apart and the deadline 0.6 s away. After a breach the workflow
    // waits 12 hours here, not the product's 7 days (4 s at this scale): the length changes nothing in its logic.
    private static readonly TimeSpan s_hour = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan s_keepWaitingAfterBreach = TimeSpan.FromHours(12);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly RecordingDeadlineRecords _records = new();
    private readonly SettableConversationReplies _conversation = new();
    private readonly SettableSellerWebhooks _webhooks = new(ReplyDeadlineHost.Secret);
    private readonly SellerEndpointHandler _seller = new(ReplyDeadlineHost.Secret);
    private WorkflowHost _host = null!;
    private ScaledTime _time = null!;

    public async Task InitializeAsync()
    {
        _host = await ReplyDeadlineHost.StartAsync(_records, _conversation, _webhooks, _seller);
        _time = new ScaledTime(s_hour);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ReplyBeforeTheFirstReminder_AnsweredOnTime_NoReminders()
    {
        var input = await ScheduleAsync();

        await ResolveAtAsync(DeadlineResolutionKind.Replied, TimeSpan.FromHours(2));
        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredOnTime, _time.At(TimeSpan.FromHours(2)), Breached: false), outcome);
        Assert.Empty(_seller.Deliveries);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], _records.Kinds());
        Assert.Equal(input.ClockStartsAt, _records.Updates[0].Update.At);
        Assert.Equal(_time.At(TimeSpan.FromHours(2)), _records.Updates[1].Update.RepliedAt);
    }

    [Fact]
    public async Task ReplyAfterTheDeadline_BreachRecordedAndNotified_AnsweredLate()
    {
        DateTimeOffset? repliedAt = null;
        _seller.OnDelivery = async delivery =>
        {
            if (delivery.Body.Type == "reply_deadline.breached")
            {
                repliedAt = DateTimeOffset.UtcNow;
                await RaiseAsync(DeadlineResolutionKind.Replied, repliedAt.Value);
            }
        };
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredLate, repliedAt, Breached: true), outcome);
        Assert.True(repliedAt > input.DueAt);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.Answered],
            _records.Kinds());
        Assert.Equal(["reply_deadline.reminder", "reply_deadline.reminder", "reply_deadline.breached"], _seller.Deliveries.Select(d => d.Body.Type));
        Assert.Equal(input.DueAt, _records.Updates.Single(u => u.Update.Kind == DeadlineUpdateKind.Breached).Update.At);
        DeadlineAssert.NothingBeforeItsTime(input, _records.Updates, _seller.Deliveries);
    }

    [Fact]
    public async Task NoReply_KeepsWaitingAfterTheBreachThenGivesUp()
    {
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.Unanswered, null, Breached: true), outcome);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.GaveUp],
            _records.Kinds());
        Assert.Equal(input.GiveUpAt, _records.Updates[^1].Update.At);
        // The conversation was looked at before each reminder, before the breach and before giving up.
        Assert.Equal(4, _conversation.Checks);
        DeadlineAssert.NothingBeforeItsTime(input, _records.Updates, _seller.Deliveries);
    }

    [Fact]
    public async Task NoReply_RecordingTheBreachFailsOnce_RetriedAndRecordedOnce()
    {
        _records.FailFirst = DeadlineUpdateKind.Breached;
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.Unanswered, null, Breached: true), outcome);
        Assert.Null(_records.FailFirst);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.GaveUp],
            _records.Kinds());
        Assert.Equal(input.DueAt, _records.Updates.Single(u => u.Update.Kind == DeadlineUpdateKind.Breached).Update.At);
    }

    [Fact]
    public async Task NoResponseNeeded_AfterTheFirstReminder_ClosesWithoutBreach()
    {
        DateTimeOffset? markedAt = null;
        _seller.OnDelivery = async delivery =>
        {
            markedAt = DateTimeOffset.UtcNow;
            await RaiseAsync(DeadlineResolutionKind.NoResponseNeeded, markedAt.Value);
        };
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.NoResponseNeeded, null, Breached: false), outcome);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NoResponseNeeded], _records.Kinds());
        Assert.Equal(markedAt, _records.Updates[^1].Update.At);
        Assert.Single(_seller.Deliveries);
        DeadlineAssert.NothingBeforeItsTime(input, _records.Updates, _seller.Deliveries);
    }

    [Fact]
    public async Task Reminders_GoAtTheirTimes_SignedWithTheSellersSecret_EachWithItsOwnIdempotencyKey()
    {
        // The seller answers half an hour after the second reminder, while its delivery is still open.
        var repliedAt = TimeSpan.FromHours(23.5);
        _seller.OnDelivery = async delivery =>
        {
            if (_seller.Deliveries.Count == 2)
            {
                await _time.UntilAsync(repliedAt);
                await RaiseAsync(DeadlineResolutionKind.Replied, _time.At(repliedAt));
            }
        };
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredOnTime, _time.At(repliedAt), Breached: false), outcome);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.Answered],
            _records.Kinds());
        Assert.All(_records.Updates.Where(u => u.Update.Kind == DeadlineUpdateKind.NotificationSent), u => Assert.Equal("Reminder", u.Update.Detail));
        Assert.Equal(2, _seller.Deliveries.Count);
        Assert.All(_seller.Deliveries, d => Assert.Equal(SignatureCheck.Valid, d.Signature));
        Assert.All(_seller.Deliveries, d => Assert.StartsWith(Id, d.IdempotencyKey, StringComparison.Ordinal));
        Assert.Equal(2, _seller.Deliveries.Select(d => d.IdempotencyKey).Distinct().Count());
        DeadlineAssert.NothingBeforeItsTime(input, _records.Updates, _seller.Deliveries);
    }

    [Fact]
    public async Task FailingReminderEndpoint_RetriedWithBackoffThenRecordedAsFailed_AndTheDeadlineGoesOn()
    {
        _seller.Answer = HttpStatusCode.ServiceUnavailable;
        _records.OnApplied = async update =>
        {
            if (update.Kind == DeadlineUpdateKind.NotificationFailed)
            {
                await ResolveAtAsync(DeadlineResolutionKind.Replied, TimeSpan.FromHours(20));
            }
        };
        var input = await ScheduleAsync(deadline => deadline with { NotificationAttempts = 3, NotificationFirstRetry = TimeSpan.FromMilliseconds(10) });

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredOnTime, _time.At(TimeSpan.FromHours(20)), Breached: false), outcome);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationFailed, DeadlineUpdateKind.Answered], _records.Kinds());
        var failure = _records.Updates.Single(u => u.Update.Kind == DeadlineUpdateKind.NotificationFailed).Update;
        Assert.StartsWith("Reminder: ", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("503", failure.Detail, StringComparison.Ordinal);
        // Three tries of the one notification (one idempotency key), 10 ms then 20 ms apart at least (backoff coefficient 2;
        // a timer may end up to a millisecond early).
        var tries = _seller.Deliveries;
        Assert.Equal(3, tries.Count);
        Assert.Single(tries.Select(d => d.IdempotencyKey).Distinct());
        Assert.InRange(tries[1].ReceivedAt - tries[0].ReceivedAt, TimeSpan.FromMilliseconds(9), TimeSpan.MaxValue);
        Assert.InRange(tries[2].ReceivedAt - tries[1].ReceivedAt, TimeSpan.FromMilliseconds(19), TimeSpan.MaxValue);
        DeadlineAssert.NothingBeforeItsTime(input, _records.Updates, _seller.Deliveries);
    }

    [Fact]
    public async Task SellerWithoutWebhook_ReminderRecordedAsNotDelivered()
    {
        _webhooks.Configured = false;
        _records.OnApplied = async update =>
        {
            if (update.Kind == DeadlineUpdateKind.NotificationFailed)
            {
                await ResolveAtAsync(DeadlineResolutionKind.Replied, TimeSpan.FromHours(19));
            }
        };
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(DeadlineResult.AnsweredOnTime, outcome.Result);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationFailed, DeadlineUpdateKind.Answered], _records.Kinds());
        Assert.Equal("Reminder: the seller has no reminder webhook configured.", _records.Updates[1].Update.Detail);
        Assert.Empty(_seller.Deliveries);
        DeadlineAssert.NothingBeforeItsTime(input, _records.Updates, _seller.Deliveries);
    }

    [Fact]
    public async Task ReplyRaisedAsTheDeadlineStarts_IsNotLost()
    {
        // The reply races the orchestration's first episode (this host runs an instance at once: it ignores StartAt, so
        // the first run cannot be held back). Either way it must count; the orchestrator's unit tests cover the reply
        // being there before the first run.
        await ScheduleAsync();

        await RaiseAsync(DeadlineResolutionKind.Replied, DateTimeOffset.UtcNow);
        var outcome = await CompleteAsync();

        Assert.Equal(DeadlineResult.AnsweredOnTime, outcome.Result);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], _records.Kinds());
        Assert.Empty(_seller.Deliveries);
    }

    [Fact]
    public async Task ReplyWhoseEventWasLost_FoundByTheCheckBeforeTheReminder_AnsweredOnTimeWithoutReminders()
    {
        // The seller replied as the deadline opened; the reply's event never came.
        _records.OnApplied = update =>
        {
            if (update.Kind == DeadlineUpdateKind.Opened)
            {
                _conversation.Resolution = new DeadlineResolution(DeadlineResolutionKind.Replied, DateTimeOffset.UtcNow);
            }

            return Task.CompletedTask;
        };
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredOnTime, _conversation.Resolution!.At, Breached: false), outcome);
        Assert.Empty(_seller.Deliveries);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], _records.Kinds());
        Assert.Equal(1, _conversation.Checks);
        Assert.InRange(_records.Updates[1].RecordedAt, input.RemindAt[0], DateTimeOffset.MaxValue);
    }

    [Fact]
    public async Task ReplyWhoseEventWasLost_AfterTheBreach_FoundBeforeGivingUp_AnsweredLateAtTheReplyTime()
    {
        // The seller replied as the breach was recorded; the reply's event never came.
        _records.OnApplied = update =>
        {
            if (update.Kind == DeadlineUpdateKind.Breached)
            {
                _conversation.Resolution = new DeadlineResolution(DeadlineResolutionKind.Replied, DateTimeOffset.UtcNow);
            }

            return Task.CompletedTask;
        };
        var input = await ScheduleAsync();

        var outcome = await CompleteAsync();

        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredLate, _conversation.Resolution!.At, Breached: true), outcome);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.Answered],
            _records.Kinds());
        Assert.InRange(_records.Updates[^1].RecordedAt, input.GiveUpAt, DateTimeOffset.MaxValue);
        DeadlineAssert.NothingBeforeItsTime(input, _records.Updates, _seller.Deliveries);
    }

    // The one deadline of each test: its conversation, and its first unanswered message at scenario time zero.
    private string Id => ReplyDeadlineOrchestrator.InstanceIdFor(ConversationId, _time.At(TimeSpan.Zero));

    private async Task<ReplyDeadlineInput> ScheduleAsync(Func<ReplyDeadlineInput, ReplyDeadlineInput>? adjust = null)
    {
        var start = _time.At(TimeSpan.Zero);
        var due = _time.At(TimeSpan.FromHours(24));
        var input = new ReplyDeadlineInput(
            ConversationId, "amazon", "s-1", start, start, due,
            [_time.At(TimeSpan.FromHours(18)), _time.At(TimeSpan.FromHours(23))], _time.At(TimeSpan.FromHours(24) + s_keepWaitingAfterBreach));
        input = adjust?.Invoke(input) ?? input;
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ReplyDeadlineOrchestrator), input, new StartOrchestrationOptions { InstanceId = Id });
        return input;
    }

    // The seller acts at a scenario time: waits for it on the wall clock, then resolves as of that time.
    private async Task ResolveAtAsync(DeadlineResolutionKind kind, TimeSpan sinceStart)
    {
        await _time.UntilAsync(sinceStart);
        await RaiseAsync(kind, _time.At(sinceStart));
    }

    private Task RaiseAsync(DeadlineResolutionKind kind, DateTimeOffset at) =>
        _host.Client.RaiseEventAsync(Id, ReplyDeadlineOrchestrator.ResolvedEvent, new DeadlineResolution(kind, at));

    private async Task<ReplyDeadlineOutcome> CompleteAsync()
    {
        var metadata = await _host.WaitForCompletionAsync(Id, s_timeout, () => string.Join(", ", _records.Updates.Select(u =>
            $"{u.Update.Kind} at {_time.Unscale(u.Update.At) - ScaledTime.Epoch} recorded at {_time.Unscale(u.RecordedAt) - ScaledTime.Epoch}")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<ReplyDeadlineOutcome>()!;
    }
}
