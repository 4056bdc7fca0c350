using System.Net;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask;


namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>The reply-deadline workflow in virtual time: a 24-hour deadline (and a 7-day wait after it) in milliseconds.</summary>
public sealed class ReplyDeadlineOrchestratorTests : IAsyncLifetime
{
    private const string Secret = "seller-webhook-secret-0123456789";

    private readonly RecordingDeadlineRecords _records = new();
    private readonly SettableConversationReplies _conversation = new();
    private WorkflowHost _host = null!;
    private SellerEndpointHandler _seller = null!;

    public Task InitializeAsync() => StartAsync(withWebhook: true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ReplyBeforeTheFirstReminder_AnsweredOnTime_NoReminders()
    {
        var (id, input) = await ScheduleAsync();
        await _host.AdvanceTimeAsync(TimeSpan.FromHours(2));

        await RaiseAsync(id, DeadlineResolutionKind.Replied);
        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.AnsweredOnTime, outcome.Result);
        Assert.Equal(input.ClockStartsAt.AddHours(2), outcome.RepliedAt);
        Assert.Empty(_seller.Deliveries);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], _records.Kinds);
    }

    [Fact]
    public async Task ReplyAfterTheDeadline_BreachRecordedAndNotified_AnsweredLate()
    {
        var (id, input) = await ScheduleAsync();
        await _host.AdvanceTimeAsync(TimeSpan.FromHours(30));

        await RaiseAsync(id, DeadlineResolutionKind.Replied);
        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.AnsweredLate, outcome.Result);
        Assert.True(outcome.Breached);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.Answered],
            _records.Kinds);
        var types = _seller.Deliveries.Select(d => d.Body).ToList();
        Assert.Equal(2, types.Count(b => b.Contains("reply_deadline.reminder", StringComparison.Ordinal)));
        Assert.Single(types, b => b.Contains("reply_deadline.breached", StringComparison.Ordinal));
        var (breach, writtenAt) = _records.Written.Single(w => w.Update.Kind == DeadlineUpdateKind.Breached);
        Assert.Equal(input.DueAt, breach.At);
        Assert.True(writtenAt >= input.DueAt, $"The breach was written at {writtenAt:O}, before the deadline {input.DueAt:O}.");
    }

    [Fact]
    public async Task NoReply_BreachRecordedAtTheDueTimeThenKeepsWaitingSevenDaysThenGivesUp()
    {
        var (id, input) = await ScheduleAsync();

        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.Unanswered, outcome.Result);
        Assert.True(outcome.Breached);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.GaveUp],
            _records.Kinds);
        var (breach, breachWrittenAt) = _records.Written.Single(w => w.Update.Kind == DeadlineUpdateKind.Breached);
        Assert.Equal(input.DueAt, breach.At);
        // Written when the deadline passed, by the clock, never ahead of it (and long before giving up).
        Assert.InRange(breachWrittenAt, input.DueAt, input.GiveUpAt.AddTicks(-1));
        var (gaveUp, gaveUpWrittenAt) = _records.Written[^1];
        Assert.Equal((DeadlineUpdateKind.GaveUp, input.GiveUpAt), (gaveUp.Kind, gaveUp.At));
        Assert.InRange(gaveUpWrittenAt, input.GiveUpAt, _host.UtcNow);
    }

    [Fact]
    public async Task NoResponseNeeded_ClosesWithoutBreach()
    {
        var (id, _) = await ScheduleAsync();
        await _host.AdvanceTimeAsync(TimeSpan.FromHours(20));

        await RaiseAsync(id, DeadlineResolutionKind.NoResponseNeeded);
        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.NoResponseNeeded, outcome.Result);
        Assert.False(outcome.Breached);
        Assert.DoesNotContain(DeadlineUpdateKind.Breached, _records.Kinds);
        Assert.Equal(DeadlineUpdateKind.NoResponseNeeded, _records.Kinds[^1]);
    }

    [Fact]
    public async Task Reminders_GoAtSixAndOneHourBefore_SignedWithTheSellersSecret()
    {
        var (id, input) = await ScheduleAsync();

        await _host.AdvanceTimeAsync(TimeSpan.FromHours(23.5));
        await RaiseAsync(id, DeadlineResolutionKind.Replied);
        await CompleteAsync(id);

        var reminders = _records.Updates.Where(u => u.Kind == DeadlineUpdateKind.NotificationSent).Select(u => u.At).ToList();
        Assert.Equal([input.DueAt.AddHours(-6), input.DueAt.AddHours(-1)], reminders);
        Assert.All(_seller.Deliveries, d => Assert.Equal(SignatureCheck.Valid, d.Signature));
        Assert.Equal(2, _seller.Deliveries.Select(d => d.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task FailingReminderEndpoint_RetriedThenRecordedAsFailed_AndTheDeadlineGoesOn()
    {
        _seller.Answer = HttpStatusCode.ServiceUnavailable;
        var (id, _) = await ScheduleAsync();

        await _host.AdvanceTimeAsync(TimeSpan.FromHours(20));
        await RaiseAsync(id, DeadlineResolutionKind.Replied);
        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.AnsweredOnTime, outcome.Result);
        Assert.Equal(ReplyDeadlineOrchestrator.NotificationRetries.Retry!.Policy.MaxNumberOfAttempts, _seller.Deliveries.Count);
        var failure = _records.Updates.Single(u => u.Kind == DeadlineUpdateKind.NotificationFailed);
        Assert.Contains("503", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectingReminderEndpoint_IsAFailedDeliverySayingRedirectsAreNotFollowed()
    {
        _seller.Answer = HttpStatusCode.TemporaryRedirect;
        var (id, _) = await ScheduleAsync();

        await _host.AdvanceTimeAsync(TimeSpan.FromHours(20));
        await RaiseAsync(id, DeadlineResolutionKind.Replied);
        await CompleteAsync(id);

        var failure = _records.Updates.Single(u => u.Kind == DeadlineUpdateKind.NotificationFailed);
        Assert.Contains("307", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("Redirects are not followed", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_records.Updates, u => u.Kind == DeadlineUpdateKind.NotificationSent);
    }

    [Fact]
    public async Task SellerWithoutWebhook_ReminderRecordedAsNotDelivered()
    {
        await _host.DisposeAsync();
        await StartAsync(withWebhook: false);
        var (id, _) = await ScheduleAsync();

        await _host.AdvanceTimeAsync(TimeSpan.FromHours(19));
        await RaiseAsync(id, DeadlineResolutionKind.Replied);
        await CompleteAsync(id);

        Assert.Contains(_records.Updates, u => u.Kind == DeadlineUpdateKind.NotificationFailed
            && u.Detail!.Contains("no reminder webhook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReplyRaisedBeforeTheOrchestrationFirstRuns_IsBuffered()
    {
        var input = Input();
        var id = ReplyDeadlineOrchestrator.InstanceIdFor(input.ConversationId, input.FirstUnansweredAt);
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyDeadlineOrchestrator), input, new StartOrchestrationOptions { InstanceId = id });

        await RaiseAsync(id, DeadlineResolutionKind.Replied);
        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.AnsweredOnTime, outcome.Result);
    }

    [Fact]
    public async Task ReplyWhoseEventWasLost_FoundByTheCheckBeforeTheReminder_AnsweredOnTimeWithoutReminders()
    {
        var (id, input) = await ScheduleAsync();
        await _host.AdvanceTimeAsync(TimeSpan.FromHours(2));
        _conversation.Resolution = new DeadlineResolution(DeadlineResolutionKind.Replied, _host.UtcNow);

        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.AnsweredOnTime, outcome.Result);
        Assert.Equal(input.ClockStartsAt.AddHours(2), outcome.RepliedAt);
        Assert.Empty(_seller.Deliveries);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], _records.Kinds);
        Assert.Equal(1, _conversation.Checks);
    }

    [Fact]
    public async Task ReplyWhoseEventWasLost_AfterTheBreach_FoundBeforeGivingUp_AnsweredLateAtTheReplyTime()
    {
        var (id, input) = await ScheduleAsync();
        await _host.AdvanceTimeAsync(TimeSpan.FromHours(30));
        _conversation.Resolution = new DeadlineResolution(DeadlineResolutionKind.Replied, _host.UtcNow);

        var outcome = await CompleteAsync(id);

        Assert.Equal(DeadlineResult.AnsweredLate, outcome.Result);
        Assert.Equal(input.ClockStartsAt.AddHours(30), outcome.RepliedAt);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.Answered],
            _records.Kinds);
    }

    private Task StartAsync(bool withWebhook)
    {
        _host = ReplyDeadlineHost.Create(_records, _conversation, Secret, withWebhook);
        _seller = _host.Services.GetRequiredService<SellerEndpointHandler>();
        return Task.CompletedTask;
    }

    private ReplyDeadlineInput Input()
    {
        var now = _host.UtcNow;
        var due = now.AddHours(24);
        return new ReplyDeadlineInput("amazon~o~o-1", "amazon", "s-1", now, now, due, [due.AddHours(-6), due.AddHours(-1)], due.AddDays(7));
    }

    private async Task<(string Id, ReplyDeadlineInput Input)> ScheduleAsync()
    {
        var input = Input();
        var id = ReplyDeadlineOrchestrator.InstanceIdFor(input.ConversationId, input.FirstUnansweredAt);
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyDeadlineOrchestrator), input, new StartOrchestrationOptions { InstanceId = id });
        await _host.RunUntilIdleAsync();
        return (id, input);
    }

    private Task RaiseAsync(string id, DeadlineResolutionKind kind) =>
        _host.Client.RaiseEventAsync(id, ReplyDeadlineOrchestrator.ResolvedEvent, new DeadlineResolution(kind, _host.UtcNow));

    private async Task<ReplyDeadlineOutcome> CompleteAsync(string id)
    {
        var metadata = await _host.WaitForCompletionAsync(id, TimeSpan.FromDays(30));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<ReplyDeadlineOutcome>()!;
    }
}
