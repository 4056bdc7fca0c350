using Marketplace.Domain.Deadlines;
using Marketplace.Workflows.ReplyDeadlines;
using Serverless.DurableTask;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>
/// A seller's days in virtual time: several conversations planned as the app plans them (vacation mode, the 24-hour
/// calendar), run by the orchestration, and the 7-day metrics their records produce.
/// </summary>
public sealed class SellerScenarioTests : IAsyncLifetime
{
    private static readonly ReplyDeadlineProfile s_profile = new();

    private readonly RecordingDeadlineRecords _records = new();
    private WorkflowHost _host = null!;
    private DateTimeOffset _start;
    private List<VacationPeriod> _vacations = [];

    public Task InitializeAsync()
    {
        _host = ReplyDeadlineHost.Create(_records, new SettableConversationReplies(), "seller-webhook-secret-0123456789", withWebhook: true);
        _start = _host.UtcNow;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Vacation_BeforeDuringAndAfter_StartsEachClockAsTheRuleSays_AndTheMetricsCountThem()
    {
        var away = new VacationPeriod(_start.AddDays(2), _start.AddDays(5));
        _vacations = [away];

        await AtAsync(TimeSpan.FromDays(3));
        var earlierOrder = await BuyerWritesAsync("o-before", orderPlacedAt: _start);
        await AtAsync(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        var orderWhileAway = await BuyerWritesAsync("o-during", orderPlacedAt: _start.AddDays(3));
        await AtAsync(TimeSpan.FromDays(4));
        var questionWhileAway = await BuyerWritesAsync("q-during", orderPlacedAt: null);
        await AtAsync(TimeSpan.FromDays(5) + TimeSpan.FromHours(1));
        await SellerRepliesAsync(earlierOrder);
        await AtAsync(TimeSpan.FromDays(5) + TimeSpan.FromHours(3));
        await SellerRepliesAsync(orderWhileAway);
        await AtAsync(TimeSpan.FromDays(5) + TimeSpan.FromHours(10));
        await SellerRepliesAsync(questionWhileAway);
        await AtAsync(TimeSpan.FromDays(6));
        var orderAfter = await BuyerWritesAsync("o-after", orderPlacedAt: _start.AddDays(6));
        await AtAsync(TimeSpan.FromDays(6) + TimeSpan.FromHours(2));
        await SellerRepliesAsync(orderAfter);

        Assert.Equal(DeadlineResult.AnsweredLate, (await CompleteAsync(earlierOrder)).Result);
        Assert.Equal(DeadlineResult.AnsweredOnTime, (await CompleteAsync(orderWhileAway)).Result);
        Assert.Equal(DeadlineResult.AnsweredOnTime, (await CompleteAsync(questionWhileAway)).Result);
        Assert.Equal(DeadlineResult.AnsweredOnTime, (await CompleteAsync(orderAfter)).Result);
        Assert.Equal(_start.AddDays(3), Record("o-before").ClockStartedAt);
        Assert.Equal(away.End, Record("o-during").ClockStartedAt);
        Assert.Equal(away.End, Record("q-during").ClockStartedAt);
        Assert.Equal(_start.AddDays(6), Record("o-after").ClockStartedAt);
        Assert.Contains(_records.Updates, u => u.Kind == DeadlineUpdateKind.Breached && u.Deadline.ConversationId == "o-before" && u.At == _start.AddDays(4));

        var week = ResponseMetrics.Compute(_records.Records(), _host.UtcNow, days: 7);
        Assert.Equal((4, 3, 1, 0, 0.25), (week.NeededReply, week.AnsweredOnTime, week.Late, week.Pending, week.LateResponseRate));
        Assert.Equal(TimeSpan.FromHours(3), week.MedianResponseTime);
        Assert.Equal(TimeSpan.FromHours(49), week.Percentile90ResponseTime);
    }

    [Fact]
    public async Task FollowUpsNoResponseNeededAndSilence_KeepTheFirstClock_AndTheMetricsCountThem()
    {
        var followedUp = await BuyerWritesAsync("o-follow-up", orderPlacedAt: _start);
        await AtAsync(TimeSpan.FromHours(1));
        var thanks = await BuyerWritesAsync("o-thanks", orderPlacedAt: _start);
        await AtAsync(TimeSpan.FromHours(2));
        var ignored = await BuyerWritesAsync("o-ignored", orderPlacedAt: _start);
        await AtAsync(TimeSpan.FromHours(3));
        var quick = await BuyerWritesAsync("o-quick", orderPlacedAt: _start);
        await ResolveAsync(thanks, DeadlineResolutionKind.NoResponseNeeded);
        await AtAsync(TimeSpan.FromHours(4));
        await SellerRepliesAsync(quick);

        // A follow-up leaves the first unanswered message where it was, so its deadline is the same instance.
        await AtAsync(TimeSpan.FromHours(20));
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => BuyerWritesAsync("o-follow-up", orderPlacedAt: _start, firstUnansweredAt: _start));
        await AtAsync(TimeSpan.FromHours(26));
        await SellerRepliesAsync(followedUp);
        await AtAsync(TimeSpan.FromDays(2) + TimeSpan.FromHours(20));
        await BuyerWritesAsync("o-recent", orderPlacedAt: _start.AddDays(2));
        await AtAsync(TimeSpan.FromDays(3));

        Assert.Equal(DeadlineResult.AnsweredLate, (await CompleteAsync(followedUp)).Result);
        Assert.Equal(_start.AddHours(24), Record("o-follow-up").DueAt);
        Assert.Equal(_start.AddHours(26), Record("o-follow-up").RepliedAt);
        Assert.Equal(DeadlineResult.NoResponseNeeded, (await CompleteAsync(thanks)).Result);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _host.Client.GetInstanceAsync(ignored))!.RuntimeStatus);
        Assert.Contains(_records.Updates, u => u.Kind == DeadlineUpdateKind.Breached && u.Deadline.ConversationId == "o-ignored");

        var week = ResponseMetrics.Compute(_records.Records(), _host.UtcNow, days: 7);
        Assert.Equal((4, 1, 2, 1, 1), (week.NeededReply, week.AnsweredOnTime, week.Late, week.Pending, week.NoResponseNeeded));
        Assert.Equal(2.0 / 3, week.LateResponseRate, precision: 6);
        Assert.Equal(TimeSpan.FromHours(1), week.MedianResponseTime);
        Assert.Equal(TimeSpan.FromHours(26), week.Percentile90ResponseTime);
    }

    private DeadlineRecord Record(string conversationId) => _records.Records().Single(r => r.ConversationId == conversationId);

    private Task AtAsync(TimeSpan sinceStart) => _host.AdvanceTimeAsync(_start + sinceStart - _host.UtcNow);

    // What the app does when a buyer's message makes the conversation wait for the seller.
    private async Task<string> BuyerWritesAsync(string conversationId, DateTimeOffset? orderPlacedAt, DateTimeOffset? firstUnansweredAt = null)
    {
        var input = ReplyDeadlinePlan.For(conversationId, "amazon", "s-1", firstUnansweredAt ?? _host.UtcNow, orderPlacedAt, _vacations, s_profile);
        var id = ReplyDeadlineOrchestrator.InstanceIdFor(conversationId, input.FirstUnansweredAt);
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyDeadlineOrchestrator), input, new StartOrchestrationOptions { InstanceId = id });
        await _host.RunUntilIdleAsync();
        return id;
    }

    private Task SellerRepliesAsync(string id) => ResolveAsync(id, DeadlineResolutionKind.Replied);

    private async Task ResolveAsync(string id, DeadlineResolutionKind kind)
    {
        await _host.Client.RaiseEventAsync(id, ReplyDeadlineOrchestrator.ResolvedEvent, new DeadlineResolution(kind, _host.UtcNow));
        await _host.RunUntilIdleAsync();
    }

    private async Task<ReplyDeadlineOutcome> CompleteAsync(string id)
    {
        var metadata = await _host.WaitForCompletionAsync(id, TimeSpan.FromDays(30));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<ReplyDeadlineOutcome>()!;
    }
}
