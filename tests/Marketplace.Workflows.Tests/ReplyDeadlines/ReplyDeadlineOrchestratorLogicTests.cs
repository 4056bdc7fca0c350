using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>
/// The orchestrator's logic on a hand-driven context (no host, no clock): what it does when a timer fires early,
/// which keys and retries its notifications carry, how a reply that is already there or arrives mid-wait ends it.
/// </summary>
public sealed class ReplyDeadlineOrchestratorLogicTests
{
    private const string InstanceId = "reply-deadline~amazon~o~o-1~1";
    private static readonly DateTimeOffset s_opened = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_due = s_opened.AddHours(24);

    private static readonly ReplyDeadlineInput s_input = new(
        "amazon~o~o-1", "amazon", "s-1", s_opened, s_opened, s_due, [s_due.AddHours(-6), s_due.AddHours(-1)], s_due.AddDays(7))
    {
        NotificationAttempts = 4,
        NotificationFirstRetry = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task EveryTimerThatFiresEarly_IsArmedAgainForItsInstant_AndNothingIsSentOrRecordedBeforeIt()
    {
        var context = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime);
        var run = context.Start(s_input);
        DateTimeOffset[] instants = [.. s_input.RemindAt, s_input.DueAt, s_input.GiveUpAt];

        foreach (var instant in instants)
        {
            var calls = context.Calls.Count;
            Assert.Equal(instant.UtcDateTime, context.Timers[^1].FireAt);

            // Azure Storage timers can fire up to about a second early.
            context.FireTimer(instant.AddMilliseconds(-900));

            Assert.Equal(calls + 1, context.Calls.Count);
            Assert.Equal(instant.UtcDateTime, Assert.IsType<ScriptedTimer>(context.Calls[^1]).FireAt);
            context.FireTimer(instant);
            Assert.True(context.Calls.Count > calls + 1, $"Nothing happened at {instant:O}.");
        }

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.Unanswered, null, Breached: true), await run);
        Assert.Equal(
            [(DeadlineUpdateKind.Opened, s_opened), (DeadlineUpdateKind.NotificationSent, instants[0]), (DeadlineUpdateKind.NotificationSent, instants[1]),
             (DeadlineUpdateKind.Breached, s_due), (DeadlineUpdateKind.NotificationSent, s_due), (DeadlineUpdateKind.GaveUp, s_input.GiveUpAt)],
            context.Updates.Select(u => (u.Kind, u.At)));
    }

    [Fact]
    public async Task Notifications_CarryAKeyOfInstanceKindAndTime_TheSameWhenReplayed_AndTheInputsRetryPolicy()
    {
        var first = RunToGiveUp();
        var replay = RunToGiveUp();

        Assert.Equal(
            [$"{InstanceId}~Reminder~{s_input.RemindAt[0].UtcTicks}", $"{InstanceId}~Reminder~{s_input.RemindAt[1].UtcTicks}",
             $"{InstanceId}~Breached~{s_due.UtcTicks}"],
            first.Notifications.Select(n => n.IdempotencyKey));
        Assert.Equal(first.Notifications.Select(n => n.IdempotencyKey), replay.Notifications.Select(n => n.IdempotencyKey));
        Assert.Equal(
            [SellerNotificationKind.Reminder, SellerNotificationKind.Reminder, SellerNotificationKind.Breached],
            first.Notifications.Select(n => n.Kind));
        Assert.All(first.Activities.Where(a => a.Name == nameof(NotifySellerActivity)), notify =>
        {
            var policy = notify.Options?.Retry?.Policy;
            Assert.NotNull(policy);
            Assert.Equal((4, TimeSpan.FromSeconds(20), 2.0), (policy.MaxNumberOfAttempts, policy.FirstRetryInterval, policy.BackoffCoefficient));
        });
        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.Unanswered, null, Breached: true), await first.Run);

        static (Task<ReplyDeadlineOutcome> Run, IEnumerable<SellerNotification> Notifications, IEnumerable<ScriptedActivity> Activities) RunToGiveUp()
        {
            var context = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime);
            var run = context.Start(s_input);
            foreach (var instant in (DateTimeOffset[])[.. s_input.RemindAt, s_input.DueAt, s_input.GiveUpAt])
            {
                context.FireTimer(instant);
            }

            return (run, context.Notifications, context.Activities);
        }
    }

    [Fact]
    public async Task NotificationRunAgainLaterAfterACrash_KeepsItsIdempotencyKey()
    {
        // The engine queues an activity before it saves the orchestration's history: killed in between, the step runs
        // again on restart, seconds or minutes later. The seller must see the same key both times, or it cannot drop one.
        var onTime = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime);
        var afterCrash = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime);
        var runs = new[] { onTime.Start(s_input), afterCrash.Start(s_input) };

        onTime.FireTimer(s_input.RemindAt[0]);
        afterCrash.FireTimer(s_input.RemindAt[0].AddSeconds(37));

        Assert.Equal(
            onTime.Notifications.Select(n => n.IdempotencyKey),
            afterCrash.Notifications.Select(n => n.IdempotencyKey));
        Assert.Single(afterCrash.Notifications);
        Assert.All(runs, run => Assert.False(run.IsCompleted));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ReplyAlreadyThereAtTheFirstRun_AnsweredOnTime_WithoutATimer()
    {
        var context = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime);
        context.Resolve(new DeadlineResolution(DeadlineResolutionKind.Replied, s_opened.AddMinutes(1)), s_opened.AddMinutes(1));

        var run = context.Start(s_input);

        // The one waiter is made before anything else, so an event that came before the first run is not missed.
        Assert.IsType<ScriptedWait>(context.Calls[0]);
        Assert.Empty(context.Timers);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], context.Updates.Select(u => u.Kind));
        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredOnTime, s_opened.AddMinutes(1), Breached: false), await run);
    }

    [Fact]
    public async Task ReplyWhileWaitingForAReminder_CancelsItsTimer_AndNothingIsLeftPending()
    {
        var context = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime);
        var run = context.Start(s_input);

        context.Resolve(new DeadlineResolution(DeadlineResolutionKind.Replied, s_opened.AddHours(2)), s_opened.AddHours(2));

        var timer = Assert.Single(context.Timers);
        Assert.True(timer.Cancelled);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], context.Updates.Select(u => u.Kind));
        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredOnTime, s_opened.AddHours(2), Breached: false), await run);
    }

    [Fact]
    public async Task NotificationFailingAfterItsRetries_IsRecordedAsFailed_AndTheDeadlineGoesOn()
    {
        var context = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime)
        {
            ActivityResult = activity => activity.Name switch
            {
                nameof(NotifySellerActivity) => new TaskFailedException(nameof(NotifySellerActivity), 3, new TaskFailureDetails(
                    "System.Net.Http.HttpRequestException", "The seller's webhook answered 503 Service Unavailable.", null, null, null)),
                nameof(RecordDeadlineActivity) => true,
                _ => null,
            },
        };
        var run = context.Start(s_input);

        context.FireTimer(s_input.RemindAt[0]);

        var failure = context.Updates.Last();
        Assert.Equal(
            new DeadlineUpdate(
                s_input, DeadlineUpdateKind.NotificationFailed, s_input.RemindAt[0], "Reminder: The seller's webhook answered 503 Service Unavailable."),
            failure);
        Assert.Equal(s_input.RemindAt[1].UtcDateTime, context.Timers[^1].FireAt);
        Assert.False(run.IsCompleted);
        context.Resolve(new DeadlineResolution(DeadlineResolutionKind.Replied, s_input.RemindAt[0].AddHours(1)), s_input.RemindAt[0].AddHours(1));
        Assert.Equal(DeadlineResult.AnsweredOnTime, (await run).Result);
    }

    [Fact]
    public async Task RemindersOutsideTheClock_BeforeItStartsOrAtTheDeadline_AreNotSent()
    {
        var input = s_input with { RemindAt = [s_opened.AddHours(-1), s_opened, s_due.AddHours(-6), s_due] };
        var context = new ScriptedOrchestrationContext(InstanceId, s_opened.UtcDateTime);
        var run = context.Start(input);

        context.FireTimer(s_due.AddHours(-6));
        context.FireTimer(s_due);
        context.Resolve(new DeadlineResolution(DeadlineResolutionKind.Replied, s_due.AddHours(1)), s_due.AddHours(1));

        Assert.Equal([s_due.AddHours(-6).UtcDateTime, s_due.UtcDateTime, input.GiveUpAt.UtcDateTime], context.Timers.Select(t => t.FireAt));
        Assert.Equal([SellerNotificationKind.Reminder, SellerNotificationKind.Breached], context.Notifications.Select(n => n.Kind));
        Assert.Equal(new ReplyDeadlineOutcome(DeadlineResult.AnsweredLate, s_due.AddHours(1), Breached: true), await run);
    }
}
