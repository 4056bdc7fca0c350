namespace Marketplace.Domain.Deadlines;

/// <summary>
/// A seller's response-time metrics over the last <see cref="Days"/> days (Amazon's Late Response Rate):
/// deadlines whose clock started in the window, excluding "no response needed" ones from the rate.
/// </summary>
/// <param name="NeededReply">Deadlines that needed a reply (answered, late, or still open).</param>
/// <param name="Late">Answered after the deadline, or still unanswered past it.</param>
/// <param name="LateResponseRate">Late ÷ (on time + late); 0 when nothing has been decided yet.</param>
/// <param name="Pending">Still open and not yet due: neither on time nor late yet.</param>
public sealed record ResponseMetrics(
    int Days, int NeededReply, int AnsweredOnTime, int Late, int Pending, double LateResponseRate, int NoResponseNeeded,
    TimeSpan? MedianResponseTime, TimeSpan? Percentile90ResponseTime)
{
    public static ResponseMetrics Compute(IEnumerable<DeadlineRecord> records, DateTimeOffset now, int days)
    {
        var since = now - TimeSpan.FromDays(days);
        var inWindow = records.Where(r => r.ClockStartedAt >= since && r.ClockStartedAt <= now).ToList();
        var needed = inWindow.Where(r => !r.NoResponseNeeded).ToList();
        var onTime = needed.Count(r => r.RepliedAt is { } replied && replied <= r.DueAt);
        var late = needed.Count(r => r.RepliedAt is { } replied ? replied > r.DueAt : now > r.DueAt);
        var responseTimes = needed.Where(r => r.RepliedAt is not null).Select(r => r.RepliedAt!.Value - r.ClockStartedAt).Order().ToList();
        return new ResponseMetrics(
            days, needed.Count, onTime, late, needed.Count - onTime - late,
            onTime + late == 0 ? 0 : (double)late / (onTime + late),
            inWindow.Count - needed.Count, Percentile(responseTimes, 0.5), Percentile(responseTimes, 0.9));
    }

    // Nearest-rank percentile: the smallest value with at least p of the values at or below it.
    private static TimeSpan? Percentile(List<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
