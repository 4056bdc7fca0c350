using Marketplace.Domain.Deadlines;

namespace Marketplace.Domain.Tests.Deadlines;

public sealed class ResponseMetricsTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_CountsOnTimeLateOpenAndNoResponseNeeded()
    {
        var records = new[]
        {
            Record(daysAgo: 1, repliedAfterHours: 2),           // on time, 2 h
            Record(daysAgo: 2, repliedAfterHours: 30),          // late (answered after 24 h)
            Record(daysAgo: 3, repliedAfterHours: null),        // late (unanswered past due)
            Record(daysAgo: 0.5, repliedAfterHours: null),      // pending: not yet due
            Record(daysAgo: 4, repliedAfterHours: null, noResponseNeeded: true),
            Record(daysAgo: 20, repliedAfterHours: 1),          // outside the 7-day window
        };

        var week = ResponseMetrics.Compute(records, s_now, 7);

        Assert.Equal(4, week.NeededReply);
        Assert.Equal(1, week.AnsweredOnTime);
        Assert.Equal(2, week.Late);
        Assert.Equal(1, week.Pending);
        Assert.Equal(1, week.NoResponseNeeded);
        Assert.Equal(2.0 / 3, week.LateResponseRate, 6);
        Assert.Equal(TimeSpan.FromHours(2), week.MedianResponseTime);
        Assert.Equal(TimeSpan.FromHours(30), week.Percentile90ResponseTime);
        Assert.Equal(5, ResponseMetrics.Compute(records, s_now, 30).NeededReply);
    }

    [Fact]
    public void Compute_NothingDecided_RateIsZeroAndTimesAreNull()
    {
        var metrics = ResponseMetrics.Compute([], s_now, 90);

        Assert.Equal(0, metrics.LateResponseRate);
        Assert.Null(metrics.MedianResponseTime);
    }

    private static DeadlineRecord Record(double daysAgo, double? repliedAfterHours, bool noResponseNeeded = false)
    {
        var started = s_now - TimeSpan.FromDays(daysAgo);
        return new DeadlineRecord($"c-{daysAgo}", started, started.AddHours(24),
            repliedAfterHours is { } h ? started.AddHours(h) : null, noResponseNeeded);
    }
}
