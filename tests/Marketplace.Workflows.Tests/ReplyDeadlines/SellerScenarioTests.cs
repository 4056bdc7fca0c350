using Marketplace.Domain.Deadlines;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>
/// A seller's days in scaled time: several conversations planned as the app plans them (vacation mode, the 24-hour
/// calendar, reminders 6 hours and 1 hour before), run by the orchestration, and the 7-day metrics their records produce.
/// </summary>
/// <remarks>
/// One scenario hour lasts 40 ms, so a scenario of three days takes three seconds. Every step of the buyers and the
/// seller is at least 8 hours (320 ms) before the next timer of the deadline it touches, and a step that must follow one
/// of its timers (a late reply) waits for what that timer records. Each conversation's deadline runs on a host of its
/// own (see <see cref="WorkflowHost"/>), all started before the scenario's time does; they share the records and the
/// seller's endpoint. The metrics are computed from the records as the app computes them, each scaled instant mapped
/// back to the scenario's own (exactly: every instant is built from the scenario's origin), so they read in its hours.
/// </remarks>
public sealed class SellerScenarioTests : IAsyncLifetime
{
    private static readonly TimeSpan s_hour = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly RecordingDeadlineRecords _records = new();
    private readonly SellerEndpointHandler _seller = new(ReplyDeadlineHost.Secret);
    private readonly Dictionary<string, ReplyDeadlineInput> _deadlines = [];
    private readonly Dictionary<string, WorkflowHost> _hosts = [];
    private ScaledTime _time = null!;
    private ReplyDeadlineProfile _profile = null!;
    private List<VacationPeriod> _vacations = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Vacation_BeforeDuringAndAfter_StartsEachClockAsTheRuleSays_AndTheMetricsCountThem()
    {
        // Nothing happens in the first three days but the start of the vacation: the scenario starts on day 3.
        await StartClockAsync(nowIs: Days(3), "o-before", "o-during", "q-during", "o-after");
        var away = new VacationPeriod(_time.At(Days(2)), _time.At(Days(5)));
        _vacations = [away];

        var earlierOrder = await BuyerWritesAsync(Days(3), "o-before", orderPlacedAt: TimeSpan.Zero);
        var orderWhileAway = await BuyerWritesAsync(Days(3) + Hours(1), "o-during", orderPlacedAt: Days(3));
        var questionWhileAway = await BuyerWritesAsync(Days(4), "q-during", orderPlacedAt: null);
        await BreachNotifiedAsync(earlierOrder);
        await SellerRepliesAsync(Days(5) + Hours(1), earlierOrder);
        await SellerRepliesAsync(Days(5) + Hours(3), orderWhileAway);
        await SellerRepliesAsync(Days(5) + Hours(10), questionWhileAway);
        var orderAfter = await BuyerWritesAsync(Days(6), "o-after", orderPlacedAt: Days(6));
        await SellerRepliesAsync(Days(6) + Hours(2), orderAfter);

        Assert.Equal(DeadlineResult.AnsweredLate, (await CompleteAsync(earlierOrder)).Result);
        Assert.Equal(DeadlineResult.AnsweredOnTime, (await CompleteAsync(orderWhileAway)).Result);
        Assert.Equal(DeadlineResult.AnsweredOnTime, (await CompleteAsync(questionWhileAway)).Result);
        Assert.Equal(DeadlineResult.AnsweredOnTime, (await CompleteAsync(orderAfter)).Result);
        Assert.Equal(_time.At(Days(3)), Record("o-before").ClockStartedAt);
        Assert.Equal(away.End, Record("o-during").ClockStartedAt);
        Assert.Equal(away.End, Record("q-during").ClockStartedAt);
        Assert.Equal(_time.At(Days(6)), Record("o-after").ClockStartedAt);
        // The order placed before the vacation kept its clock: reminded, breached on day 4, answered late.
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.Answered],
            _records.Kinds("o-before"));
        Assert.Equal(_time.At(Days(4)), _records.Updates.Single(u => u.Update.Kind == DeadlineUpdateKind.Breached).Update.At);
        Assert.All(["o-during", "q-during", "o-after"], c => Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], _records.Kinds(c)));
        AssertNothingBeforeItsTime();

        var week = Metrics(at: Days(6) + Hours(2));
        Assert.Equal((4, 3, 1, 0, 0.25), (week.NeededReply, week.AnsweredOnTime, week.Late, week.Pending, week.LateResponseRate));
        Assert.Equal(Hours(3), week.MedianResponseTime);
        Assert.Equal(Hours(49), week.Percentile90ResponseTime);
    }

    [Fact]
    public async Task FollowUpsNoResponseNeededAndSilence_KeepTheFirstClock_AndTheMetricsCountThem()
    {
        await StartClockAsync(nowIs: TimeSpan.Zero, "o-follow-up", "o-thanks", "o-ignored", "o-quick", "o-recent");
        var followedUp = await BuyerWritesAsync(TimeSpan.Zero, "o-follow-up", orderPlacedAt: TimeSpan.Zero);
        var thanks = await BuyerWritesAsync(Hours(1), "o-thanks", orderPlacedAt: TimeSpan.Zero);
        var ignored = await BuyerWritesAsync(Hours(2), "o-ignored", orderPlacedAt: TimeSpan.Zero);
        var quick = await BuyerWritesAsync(Hours(3), "o-quick", orderPlacedAt: TimeSpan.Zero);
        await ResolveAsync(Hours(3), thanks, DeadlineResolutionKind.NoResponseNeeded);
        await SellerRepliesAsync(Hours(4), quick);

        // A follow-up leaves the first unanswered message where it was, so its deadline is the same instance: the app's
        // start is refused (as the app starts it, no status replaces an instance) and the deadline is left as it was.
        var first = _deadlines["o-follow-up"];
        await _time.UntilAsync(Hours(20));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => StartAsync(ReplyDeadlinePlan.For(
            "o-follow-up", "amazon", "s-1", first.FirstUnansweredAt, _time.At(TimeSpan.Zero), _vacations, _profile)));
        await BreachNotifiedAsync(followedUp);
        await SellerRepliesAsync(Hours(26), followedUp);
        await BuyerWritesAsync(Days(2) + Hours(20), "o-recent", orderPlacedAt: Days(2));
        await _time.UntilAsync(Days(3));

        Assert.Equal(DeadlineResult.AnsweredLate, (await CompleteAsync(followedUp)).Result);
        Assert.Equal(_time.At(Hours(24)), Record("o-follow-up").DueAt);
        Assert.Equal(_time.At(Hours(26)), Record("o-follow-up").RepliedAt);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.Answered],
            _records.Kinds("o-follow-up"));
        Assert.Equal(DeadlineResult.NoResponseNeeded, (await CompleteAsync(thanks)).Result);
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.NoResponseNeeded], _records.Kinds("o-thanks"));
        Assert.Equal([DeadlineUpdateKind.Opened, DeadlineUpdateKind.Answered], _records.Kinds("o-quick"));
        // Silence: reminded, breached at its due time, still waiting (it gives up 7 days after the breach).
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _hosts["o-ignored"].Client.GetInstanceAsync(InstanceId(ignored)))!.RuntimeStatus);
        Assert.Equal(
            [DeadlineUpdateKind.Opened, DeadlineUpdateKind.NotificationSent, DeadlineUpdateKind.NotificationSent,
             DeadlineUpdateKind.Breached, DeadlineUpdateKind.NotificationSent],
            _records.Kinds("o-ignored"));
        Assert.Equal([DeadlineUpdateKind.Opened], _records.Kinds("o-recent"));
        AssertNothingBeforeItsTime();

        var week = Metrics(at: Days(3));
        Assert.Equal((4, 1, 2, 1, 1), (week.NeededReply, week.AnsweredOnTime, week.Late, week.Pending, week.NoResponseNeeded));
        Assert.Equal(2.0 / 3, week.LateResponseRate, precision: 6);
        Assert.Equal(Hours(1), week.MedianResponseTime);
        Assert.Equal(Hours(26), week.Percentile90ResponseTime);
    }

    private static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    private static TimeSpan Days(int days) => TimeSpan.FromDays(days);

    // Starts the conversations' hosts, then the scenario's time, with the product's profile (24 hours, reminders 6 hours
    // and 1 hour before, 7 days' wait after a breach) scaled.
    private async Task StartClockAsync(TimeSpan nowIs, params string[] conversationIds)
    {
        foreach (var conversationId in conversationIds)
        {
            _hosts[conversationId] = await ReplyDeadlineHost.StartAsync(
                _records, new SettableConversationReplies(), new SettableSellerWebhooks(ReplyDeadlineHost.Secret), _seller);
        }

        _time = new ScaledTime(s_hour, nowIs);
        var product = new ReplyDeadlineProfile();
        _profile = new ReplyDeadlineProfile
        {
            ReplyWithin = _time.Scale(product.ReplyWithin),
            ReminderOffsets = [.. product.ReminderOffsets.Select(_time.Scale)],
            KeepWaitingAfterBreach = _time.Scale(product.KeepWaitingAfterBreach),
        };
    }

    // The deadline as the records have it (on the wall clock).
    private DeadlineRecord Record(string conversationId) => _records.Records(instant => instant).Single(r => r.ConversationId == conversationId);

    private ResponseMetrics Metrics(TimeSpan at) =>
        ResponseMetrics.Compute(_records.Records(_time.Unscale), _time.Unscale(_time.At(at)), days: 7);

    private void AssertNothingBeforeItsTime()
    {
        foreach (var deadline in _deadlines.Values)
        {
            DeadlineAssert.NothingBeforeItsTime(deadline, _records.Updates, _seller.Deliveries);
        }
    }

    // What the app does when a buyer's message makes the conversation wait for the seller.
    private async Task<string> BuyerWritesAsync(TimeSpan at, string conversationId, TimeSpan? orderPlacedAt)
    {
        await _time.UntilAsync(at);
        var input = ReplyDeadlinePlan.For(
            conversationId, "amazon", "s-1", _time.At(at), orderPlacedAt is { } placed ? _time.At(placed) : null, _vacations, _profile);
        _deadlines[conversationId] = input;
        await StartAsync(input);
        return conversationId;
    }

    // As the app starts a deadline: an instance in any state is never replaced.
    private async Task StartAsync(ReplyDeadlineInput input) =>
        await _hosts[input.ConversationId].Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ReplyDeadlineOrchestrator), input,
            new StartOrchestrationOptions { InstanceId = ReplyDeadlineOrchestrator.InstanceIdFor(input.ConversationId, input.FirstUnansweredAt) }
                .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]));

    // A late reply must follow the breach: it waits until the breach is recorded and notified, however late the machine runs.
    private Task BreachNotifiedAsync(string conversationId) =>
        _records.WaitForAsync(u => u.Deadline.ConversationId == conversationId && u.Kind == DeadlineUpdateKind.NotificationSent
            && u.Detail == nameof(SellerNotificationKind.Breached)).WaitAsync(s_timeout);

    private Task SellerRepliesAsync(TimeSpan at, string conversationId) => ResolveAsync(at, conversationId, DeadlineResolutionKind.Replied);

    private async Task ResolveAsync(TimeSpan at, string conversationId, DeadlineResolutionKind kind)
    {
        await _time.UntilAsync(at);
        await _hosts[conversationId].Client.RaiseEventAsync(
            InstanceId(conversationId), ReplyDeadlineOrchestrator.ResolvedEvent, new DeadlineResolution(kind, _time.At(at)));
    }

    private string InstanceId(string conversationId) =>
        ReplyDeadlineOrchestrator.InstanceIdFor(conversationId, _deadlines[conversationId].FirstUnansweredAt);

    private async Task<ReplyDeadlineOutcome> CompleteAsync(string conversationId)
    {
        var metadata = await _hosts[conversationId].WaitForCompletionAsync(InstanceId(conversationId), s_timeout);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<ReplyDeadlineOutcome>()!;
    }
}
